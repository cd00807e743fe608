package io.parkpulse.agent.collect.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.agent.collect.serial.SerialLink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What the client writes and which answers it takes, on a scripted line: the line's input holds
 * what "arrived" before the request, plus what arrives after it.
 */
class Dlt645ClientTest {

  private static final MeterAddress METER = MeterAddress.of("000000123456");

  /* Hand-written frames, checksums worked out in Dlt645CodecTest. */
  private static final String READ_ENERGY = "68 56 34 12 00 00 00 68 11 04 33 33 34 33 4E 16";
  private static final String ENERGY_ANSWER =
      "68 56 34 12 00 00 00 68 91 08 33 33 34 33 AB 89 67 45 B2 16";
  private static final String OTHER_METER_ERROR = "68 21 43 65 00 00 00 68 D1 01 35 A0 16";

  @Test
  void dropsStaleInputThenSendsWakeUpBytesAndTheRequest() throws Exception {
    ScriptedLink link = new ScriptedLink("00 FF 68", "FE FE " + ENERGY_ANSWER);
    assertThat(new Dlt645Client(link).read(METER, DataId.FORWARD_ACTIVE_ENERGY))
        .isEqualTo(123456.78);
    assertThat(link.written()).isEqualTo(hex("FE FE FE FE " + READ_ENERGY));
    assertThat(link.discards).isEqualTo(1);
  }

  @Test
  void skipsTheEchoAndAnAnswerFromAnotherMeter() throws Exception {
    // Some RS-485 adapters echo what they send; a late answer from another meter may follow.
    ScriptedLink link =
        new ScriptedLink("", "FE FE FE FE " + READ_ENERGY + OTHER_METER_ERROR + ENERGY_ANSWER);
    assertThat(new Dlt645Client(link).read(METER, DataId.FORWARD_ACTIVE_ENERGY))
        .isEqualTo(123456.78);
  }

  @Test
  void saysWhatItSkippedWhenTheAnswerNeverComes() {
    ScriptedLink link = new ScriptedLink("", OTHER_METER_ERROR);
    assertThatThrownBy(() -> new Dlt645Client(link).read(METER, DataId.FORWARD_ACTIVE_ENERGY))
        .isInstanceOf(NoAnswerException.class)
        .hasMessageContaining("no answer from meter 000000123456 on scripted")
        .hasMessageContaining("skipped an answer from meter 000000654321");
  }

  @Test
  void reportsABadAnswerWithTheMeterAndLine() {
    ScriptedLink link = new ScriptedLink("", ENERGY_ANSWER.replace("B2 16", "B3 16"));
    assertThatThrownBy(() -> new Dlt645Client(link).read(METER, DataId.FORWARD_ACTIVE_ENERGY))
        .isInstanceOf(BadFrameException.class)
        .hasMessageStartingWith("bad answer from meter 000000123456 on scripted: bad checksum");
  }

  @Test
  void refusesAValueOfTheWrongSize() {
    // Voltage 02010100 with 3 value bytes instead of 2 (DI + 33H = 33 34 34 35; 00 23 00 + 33H =
    // 33 56 33). L=07H. CS: 16CH + 91 = 1FDH; +07 = 204H; +33+34+34+35 = 2D4H; +33+56+33 = 390H.
    ScriptedLink link =
        new ScriptedLink("", "68 56 34 12 00 00 00 68 91 07 33 34 34 35 33 56 33 90 16");
    assertThatThrownBy(() -> new Dlt645Client(link).read(METER, DataId.VOLTAGE_A))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("answered 3 value bytes for 02010100 (phase A voltage)");
  }

  @Test
  void discoversTheAddressWithTheWildcard() throws Exception {
    ScriptedLink link =
        new ScriptedLink("", "FE " + "68 56 34 12 00 00 00 68 93 06 89 67 45 33 33 33 D3 16");
    assertThat(new Dlt645Client(link, 0).discoverAddress()).isEqualTo(METER);
    assertThat(link.written()).isEqualTo(hex("68 AA AA AA AA AA AA 68 13 00 DF 16"));
  }

  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  /** A line whose input is {@code stale} until discarded, then {@code answer}; reads then end. */
  private static final class ScriptedLink implements SerialLink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private InputStream in;
    private final byte[] answer;
    int discards;

    ScriptedLink(String stale, String answer) {
      this.in = new ByteArrayInputStream(hex(stale));
      this.answer = hex(answer);
    }

    byte[] written() {
      return out.toByteArray();
    }

    @Override
    public InputStream input() {
      return in;
    }

    @Override
    public OutputStream output() {
      return out;
    }

    @Override
    public void discardInput() {
      discards++;
      in = new ByteArrayInputStream(answer);
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public void close() {}
  }
}
