package io.parkpulse.agent.collect.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.model.PointKind;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BCD values and the catalogue of data identifiers. */
class Dlt645FormatTest {

  @ParameterizedTest(name = "{0} as {1} bytes, {2} decimals, signed {3}: {4}")
  @CsvSource({
    "78 56 34 12, 4, 2, false, 123456.78",
    "99 99 99 99, 4, 2, false, 999999.99",
    "00 00 00 80, 4, 2, true, 0.0",
    "01 22, 2, 1, false, 220.1",
    "00 50, 2, 2, false, 50.00",
    "56 34 12, 3, 3, true, 123.456",
    "56 34 92, 3, 3, true, -123.456",
    "00 25 93, 3, 4, true, -13.25",
    "00 10, 2, 3, false, 1.000",
    "50 89, 2, 3, true, -0.950",
  })
  void decodesLeastSignificantByteFirst(
      String bytes, int size, int decimals, boolean signed, double value) throws Exception {
    BcdFormat format = new BcdFormat(size, decimals, signed);
    assertThat(format.decode(hex(bytes), 0)).isEqualTo(value);
    if (value != 0.0 || !bytes.endsWith("80")) {
      assertThat(format.encode(value)).isEqualTo(hex(bytes));
    }
  }

  @Test
  void refusesNibblesAboveNineExceptTheSignBit() throws Exception {
    BcdFormat current = new BcdFormat(3, 3, true);
    assertThatThrownBy(() -> current.decode(hex("5A 34 12"), 0))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("byte 0")
        .hasMessageContaining("5AH");
    assertThatThrownBy(() -> current.decode(hex("56 34 8A"), 0))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("8AH");
    // Signed, the top bit is the sign and not part of a digit: A2H is minus and 22.
    assertThat(current.decode(hex("56 34 A2"), 0)).isEqualTo(-223.456);
    // Unsigned, the top bit is a digit 8 or more: 92H is 92, but A0H is not BCD.
    BcdFormat energy = new BcdFormat(4, 2, false);
    assertThatThrownBy(() -> energy.decode(hex("00 00 00 A0"), 0))
        .isInstanceOf(BadFrameException.class);
    assertThatThrownBy(() -> energy.decode(hex("00 00 00"), 0))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("takes 4 bytes, only 3 arrived");
  }

  @Test
  void refusesValuesThatDoNotFit() {
    assertThatThrownBy(() -> new BcdFormat(2, 1, false).encode(1000.0))
        .hasMessageContaining("the largest is 999.9");
    assertThatThrownBy(() -> new BcdFormat(3, 3, true).encode(-800.0))
        .hasMessageContaining("the largest is ±799.999");
    assertThatThrownBy(() -> new BcdFormat(2, 1, false).encode(-1.0))
        .hasMessageContaining("has no sign");
    assertThatThrownBy(() -> new BcdFormat(2, 1, false).encode(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new BcdFormat(2, 1, false).encode(229.96)).isEqualTo(hex("00 23"));
  }

  @Test
  void catalogueGivesTheStandardsFormatsAndParkPulseKinds() {
    assertThat(DataId.parse("00010000")).contains(DataId.FORWARD_ACTIVE_ENERGY);
    assertThat(DataId.of(0x02800002)).contains(DataId.FREQUENCY);
    assertThat(DataId.parse("0201010")).isEmpty();
    assertThat(DataId.VOLTAGE_B.hex()).isEqualTo("02010200");
    assertThat(DataId.CURRENT_C.format().pattern()).isEqualTo("±XXX.XXX");
    assertThat(DataId.ACTIVE_POWER.format().pattern()).isEqualTo("±XX.XXXX");
    assertThat(DataId.POWER_FACTOR.format().pattern()).isEqualTo("±X.XXX");
    assertThat(DataId.FREQUENCY.format().pattern()).isEqualTo("XX.XX");
    assertThat(DataId.FORWARD_ACTIVE_ENERGY.format().pattern()).isEqualTo("XXXXXX.XX");
    assertThat(DataId.COMBINED_ACTIVE_ENERGY.pointName()).isEqualTo("energy_kwh");
    assertThat(DataId.FORWARD_ACTIVE_ENERGY.pointName()).isEqualTo("forward_energy_kwh");
    assertThat(DataId.ACTIVE_POWER.kind()).isEqualTo(PointKind.POWER_ACTIVE_KW);
    assertThat(DataId.ACTIVE_POWER_A.kind()).isEqualTo(PointKind.GENERIC);
    assertThat(
            Stream.of(DataId.values())
                .filter(d -> d.kind() == PointKind.ENERGY_ACTIVE_KWH)
                .collect(Collectors.toSet()))
        .isEqualTo(Set.of(DataId.COMBINED_ACTIVE_ENERGY, DataId.FORWARD_ACTIVE_ENERGY));
    assertThat(Stream.of(DataId.values()).map(DataId::pointName).distinct())
        .hasSize(DataId.values().length);
    assertThat(Stream.of(DataId.values()).map(DataId::di).distinct())
        .hasSize(DataId.values().length);
  }

  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }
}
