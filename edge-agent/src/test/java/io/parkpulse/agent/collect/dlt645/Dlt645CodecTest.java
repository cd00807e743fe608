package io.parkpulse.agent.collect.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The codec against frames written out by hand from DL/T 645-2007, not produced by the codec. The
 * meter is 000000123456, so its address bytes on the wire are 56 34 12 00 00 00; the data bytes
 * carry +33H; the checksum is the sum of the bytes from the first 68H through the last data byte,
 * modulo 256.
 */
class Dlt645CodecTest {

  private static final MeterAddress METER = MeterAddress.of("000000123456");

  /*
   * Read 00010000 (forward active energy): C=11H, L=04H, DI0..DI3 = 00 00 01 00 + 33H = 33 33 34 33.
   * CS: 68+56+34+12+00+00+00+68 = 16CH; +11 = 17DH; +04 = 181H; +33+33+34+33 = 24EH -> 4EH.
   */
  private static final String READ_ENERGY = "68 56 34 12 00 00 00 68 11 04 33 33 34 33 4E 16";

  /*
   * Normal answer 91H, L=08H: DI 33 33 34 33, then 123456.78 as BCD 78 56 34 12 (least significant
   * first) + 33H = AB 89 67 45. CS: 16CH + 91 = 1FDH; +08 = 205H; +33+33+34+33 = 2D2H;
   * +AB = 37DH; +89 = 406H; +67 = 46DH; +45 = 4B2H -> B2H.
   */
  private static final String ENERGY_ANSWER =
      "68 56 34 12 00 00 00 68 91 08 33 33 34 33 AB 89 67 45 B2 16";

  /* Error answer D1H, L=01H, error byte 02H + 33H = 35H. CS: 16CH + D1 + 01 + 35 = 273H -> 73H. */
  private static final String NO_DATA_ANSWER = "68 56 34 12 00 00 00 68 D1 01 35 73 16";

  /* Read address 13H to AA AA AA AA AA AA, L=0. CS: 68 + 6*AA (3FCH) + 68 + 13 = 4DFH -> DFH. */
  private static final String READ_ADDRESS = "68 AA AA AA AA AA AA 68 13 00 DF 16";

  /*
   * Address answer 93H, L=06H, data = the address 56 34 12 00 00 00 + 33H = 89 67 45 33 33 33.
   * CS: 16CH + 93 = 1FFH; +06 = 205H; +89 = 28EH; +67 = 2F5H; +45 = 33AH; +33*3 = 3D3H -> D3H.
   */
  private static final String ADDRESS_ANSWER =
      "68 56 34 12 00 00 00 68 93 06 89 67 45 33 33 33 D3 16";

  /*
   * Phase A current 02020100 = -1.234 A: DI 00 01 02 02 + 33H = 33 34 35 35; value 001234 with the
   * sign bit, least significant first: 34 12 80, + 33H = 67 45 B3. L=07H.
   * CS: 16CH + 91 = 1FDH; +07 = 204H; +33+34+35+35 = 2D5H; +67 = 33CH; +45 = 381H; +B3 = 434H -> 34H.
   */
  private static final String NEGATIVE_CURRENT_ANSWER =
      "68 56 34 12 00 00 00 68 91 07 33 34 35 35 67 45 B3 34 16";

  @Test
  void encodesAReadRequestAsTheStandardWritesIt() {
    Dlt645Frame request = Dlt645Frame.readData(METER, DataId.FORWARD_ACTIVE_ENERGY.di());
    assertThat(Dlt645Codec.encode(request)).isEqualTo(hex(READ_ENERGY));
    assertThat(Dlt645Codec.encode(request, 4)).isEqualTo(hex("FE FE FE FE " + READ_ENERGY));
  }

  @Test
  void decodesAReadRequestWithAndWithoutWakeUpBytes() throws Exception {
    Dlt645Frame expected = Dlt645Frame.readData(METER, 0x00010000);
    assertThat(Dlt645Codec.decode(hex(READ_ENERGY))).isEqualTo(expected);
    Dlt645Frame woken = Dlt645Codec.decode(hex("FE FE FE FE " + READ_ENERGY));
    assertThat(woken).isEqualTo(expected);
    assertThat(woken.isAnswer()).isFalse();
    assertThat(woken.dataId()).isEqualTo(0x00010000);
  }

  @Test
  void decodesANormalAnswerCarrying123456point78Kwh() throws Exception {
    Dlt645Frame answer = Dlt645Codec.decode(hex(ENERGY_ANSWER), METER);
    assertThat(answer.control()).isEqualTo(0x91);
    assertThat(answer.isAnswer()).isTrue();
    assertThat(answer.isError()).isFalse();
    assertThat(answer.hasFollowing()).isFalse();
    assertThat(answer.dataId()).isEqualTo(0x00010000);
    assertThat(answer.data()).isEqualTo(hex("00 00 01 00 78 56 34 12"));
    assertThat(DataId.FORWARD_ACTIVE_ENERGY.format().decode(answer.data(), 4)).isEqualTo(123456.78);
  }

  @Test
  void encodesTheAnswersAMeterSends() {
    byte[] value = DataId.FORWARD_ACTIVE_ENERGY.format().encode(123456.78);
    assertThat(Dlt645Codec.encode(Dlt645Frame.dataAnswer(METER, 0x00010000, value)))
        .isEqualTo(hex(ENERGY_ANSWER));
    assertThat(Dlt645Codec.encode(Dlt645Frame.errorAnswer(METER, 0x02)))
        .isEqualTo(hex(NO_DATA_ANSWER));
    assertThat(Dlt645Codec.encode(Dlt645Frame.addressAnswer(METER))).isEqualTo(hex(ADDRESS_ANSWER));
  }

  @Test
  void decodesAnErrorAnswerAndNamesItsBits() throws Exception {
    Dlt645Frame answer = Dlt645Codec.decode(hex(NO_DATA_ANSWER), METER);
    assertThat(answer.control()).isEqualTo(0xD1);
    assertThat(answer.isError()).isTrue();
    assertThat(answer.function()).isEqualTo(Dlt645Frame.READ_DATA);
    assertThat(answer.data()).containsExactly(0x02);
    assertThat(ErrorAnswerException.describe(0x02)).contains("no such data");
    assertThat(ErrorAnswerException.describe(0x04 | 0x40))
        .isEqualTo("password error or not authorised; too many tariffs");
  }

  @Test
  void encodesAndDecodesTheAddressRead() throws Exception {
    assertThat(Dlt645Codec.encode(Dlt645Frame.readAddress(), 4))
        .isEqualTo(hex("FE FE FE FE " + READ_ADDRESS));
    Dlt645Frame request = Dlt645Codec.decode(hex(READ_ADDRESS));
    assertThat(request.address()).isEqualTo(MeterAddress.WILDCARD);
    assertThat(request.control()).isEqualTo(0x13);

    Dlt645Frame answer = Dlt645Codec.decode(hex("FE FE " + ADDRESS_ANSWER), MeterAddress.WILDCARD);
    assertThat(answer.control()).isEqualTo(0x93);
    assertThat(answer.address()).isEqualTo(METER);
    assertThat(MeterAddress.fromWire(answer.data(), 0)).isEqualTo(METER);
  }

  @Test
  void decodesANegativeCurrentFromItsSignBit() throws Exception {
    Dlt645Frame answer = Dlt645Codec.decode(hex(NEGATIVE_CURRENT_ANSWER), METER);
    assertThat(answer.dataId()).isEqualTo(DataId.CURRENT_A.di());
    assertThat(DataId.CURRENT_A.format().decode(answer.data(), 4)).isEqualTo(-1.234);
    assertThat(DataId.CURRENT_A.format().encode(-1.234)).isEqualTo(hex("34 12 80"));
  }

  @Test
  void refusesAValueWithANibbleAboveNine() throws Exception {
    // Phase A voltage 02010100 (DI + 33H = 33 34 34 35) with the value bytes 1A 22: 1AH is not BCD.
    // On the wire 1A 22 + 33H = 4D 55. L=06H. CS: 16CH + 91 = 1FDH; +06 = 203H;
    // +33+34+34+35 = 2D3H; +4D = 320H; +55 = 375H -> 75H.
    Dlt645Frame answer =
        Dlt645Codec.decode(hex("68 56 34 12 00 00 00 68 91 06 33 34 34 35 4D 55 75 16"));
    assertThat(answer.dataId()).isEqualTo(DataId.VOLTAGE_A.di());
    assertThatThrownBy(() -> DataId.VOLTAGE_A.format().decode(answer.data(), 4))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("1AH")
        .hasMessageContaining("not two BCD digits");
  }

  @Test
  void refusesABadChecksum() {
    assertThatThrownBy(
            () -> Dlt645Codec.decode(hex("68 56 34 12 00 00 00 68 11 04 33 33 34 33 4F 16")))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("bad checksum")
        .hasMessageContaining("4FH")
        .hasMessageContaining("4EH");
  }

  @Test
  void refusesAFrameWithoutItsEndByte() {
    assertThatThrownBy(
            () -> Dlt645Codec.decode(hex("68 56 34 12 00 00 00 68 11 04 33 33 34 33 4E 00")))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("no end byte 16H");
    assertThatThrownBy(
            () -> Dlt645Codec.decode(hex("68 56 34 12 00 00 00 68 11 04 33 33 34 33 4E")))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("16 bytes, only 15 arrived");
  }

  @Test
  void refusesATruncatedFrameAndAWrongLength() {
    assertThatThrownBy(() -> Dlt645Codec.decode(hex("68 56 34 12 00 00 00 68 11")))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("truncated");
    // L=03H although four data bytes follow; CS recomputed: 24EH - 1 = 24DH -> 4DH.
    assertThatThrownBy(
            () -> Dlt645Codec.decode(hex("68 56 34 12 00 00 00 68 11 03 33 33 34 33 4D 16")))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("wrong length")
        .hasMessageContaining("L=03H");
  }

  @Test
  void refusesAFrameForAnotherAddress() throws Exception {
    // From meter 000000654321 (21 43 65 00 00 00): 68+21+43+65+68 = 199H; +D1+01+35 = 2A0H -> A0H.
    byte[] other = hex("68 21 43 65 00 00 00 68 D1 01 35 A0 16");
    assertThat(Dlt645Codec.decode(other).address()).isEqualTo(MeterAddress.of("000000654321"));
    assertThatThrownBy(() -> Dlt645Codec.decode(other, METER))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("for meter 000000654321, not for meter 000000123456");
  }

  @Test
  void readsAFrameAfterGarbageAndAFalseStart() throws Exception {
    // 68H at the second byte is not followed by a second 68H seven bytes later: the reader looks
    // again from the byte after it and finds the frame behind the FEH bytes.
    InputStream line = new ByteArrayInputStream(hex("12 68 00 00 FE FE " + ENERGY_ANSWER + " 99"));
    Dlt645Frame answer = Dlt645Codec.read(line);
    assertThat(answer.control()).isEqualTo(0x91);
    assertThat(answer.data()).isEqualTo(hex("00 00 01 00 78 56 34 12"));
    assertThat(line.read()).as("the byte after the end byte is left unread").isEqualTo(0x99);
  }

  @Test
  void readsFrameAfterFrameAndAFrameThatArrivesByteByByte() throws Exception {
    InputStream line = new OneByteAtATime(hex(READ_ADDRESS + " FE FE " + NO_DATA_ANSWER));
    assertThat(Dlt645Codec.read(line).control()).isEqualTo(0x13);
    assertThat(Dlt645Codec.read(line).control()).isEqualTo(0xD1);
    assertThatThrownBy(() -> Dlt645Codec.read(line)).isInstanceOf(NoAnswerException.class);
  }

  @Test
  void tellsATruncatedFrameFromNoAnswerOnAStream() {
    assertThatThrownBy(() -> Dlt645Codec.read(new ByteArrayInputStream(hex("FE FE 68 56 34 12"))))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("truncated frame: 4 of its 10 bytes");
    assertThatThrownBy(() -> Dlt645Codec.read(new ByteArrayInputStream(hex(ENERGY_ANSWER), 0, 15)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("truncated frame: 15 of its 20 bytes");
    assertThatThrownBy(() -> Dlt645Codec.read(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(NoAnswerException.class);
    assertThatThrownBy(() -> Dlt645Codec.read(new ByteArrayInputStream(hex("00 11 22"))))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("3 bytes arrived but no frame");
  }

  @Test
  void refusesABadChecksumOnAStream() {
    InputStream line = new ByteArrayInputStream(hex("FE " + READ_ENERGY.replace("4E 16", "4F 16")));
    assertThatThrownBy(() -> Dlt645Codec.read(line))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("bad checksum");
  }

  @Test
  void givesUpOnALineOfNoise() {
    byte[] noise = new byte[Dlt645Codec.MAX_SKIPPED + 10];
    assertThatThrownBy(() -> Dlt645Codec.read(new ByteArrayInputStream(noise)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("baud rate or parity");
  }

  @Test
  void writesAndReadsMeterAddresses() throws Exception {
    assertThat(METER.wire()).isEqualTo(hex("56 34 12 00 00 00"));
    assertThat(MeterAddress.fromWire(hex("56 34 12 00 00 00"), 0)).isEqualTo(METER);
    assertThat(MeterAddress.WILDCARD.reaches(METER)).isTrue();
    assertThat(MeterAddress.of("aaaaaa123456").reaches(METER)).isTrue();
    assertThat(MeterAddress.of("AAAAAA123457").reaches(METER)).isFalse();
    assertThat(METER.reaches(MeterAddress.of("000000654321"))).isFalse();
    assertThatThrownBy(() -> MeterAddress.of("12345")).hasMessageContaining("12 digits");
    assertThatThrownBy(() -> MeterAddress.of("00000012345B")).hasMessageContaining("'5B'");
    assertThatThrownBy(() -> MeterAddress.fromWire(hex("5F 34 12 00 00 00"), 0))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("A0 is 5FH");
  }

  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  /** A line that hands over one byte per read, as a slow serial line may. */
  private static final class OneByteAtATime extends InputStream {
    private final byte[] bytes;
    private int next;

    OneByteAtATime(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return next < bytes.length ? bytes[next++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int c = read();
      if (c < 0) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }
  }
}
