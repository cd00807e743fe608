package io.parkpulse.agent.collect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.ByteOrder;
import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointDecoderTest {

  /** The registers as each order puts 0xAABBCCDD on the wire, lower address first. */
  @ParameterizedTest
  @CsvSource({
    "ABCD, 0xAABB, 0xCCDD",
    "CDAB, 0xCCDD, 0xAABB",
    "BADC, 0xBBAA, 0xDDCC",
    "DCBA, 0xDDCC, 0xBBAA"
  })
  void assemblesThe32BitsInEachByteOrder(ByteOrder order, String first, String second) {
    assertThat(PointDecoder.bits32(order, Integer.decode(first), Integer.decode(second)))
        .isEqualTo(0xAABBCCDD);
  }

  @ParameterizedTest
  @CsvSource({
    "ABCD, 0x42F6, 0xE979",
    "CDAB, 0xE979, 0x42F6",
    "BADC, 0xF642, 0x79E9",
    "DCBA, 0x79E9, 0xF642"
  })
  void decodesFloat32InEachByteOrderAsItsShortestDecimal(
      ByteOrder order, String first, String second) {
    assertThat(decode(point(DataType.FLOAT32, order, 1, 0), first, second)).contains(123.456);
  }

  @ParameterizedTest
  @CsvSource({
    "ABCD, 0xFFFF, 0xFFFE",
    "CDAB, 0xFFFE, 0xFFFF",
    "BADC, 0xFFFF, 0xFEFF",
    "DCBA, 0xFEFF, 0xFFFF"
  })
  void decodesInt32InEachByteOrder(ByteOrder order, String first, String second) {
    assertThat(decode(point(DataType.INT32, order, 1, 0), first, second)).contains(-2L);
  }

  @ParameterizedTest
  @CsvSource({
    "ABCD, 0xEE6B, 0x2800",
    "CDAB, 0x2800, 0xEE6B",
    "BADC, 0x6BEE, 0x0028",
    "DCBA, 0x0028, 0x6BEE"
  })
  void decodesUint32InEachByteOrder(ByteOrder order, String first, String second) {
    assertThat(decode(point(DataType.UINT32, order, 1, 0), first, second)).contains(4_000_000_000L);
  }

  @Test
  void decodesInt16AndUint16BigEndianWhateverTheOrder() {
    assertThat(decode(point(DataType.INT16, ByteOrder.DCBA, 1, 0), "0xFFFB")).contains(-5L);
    assertThat(decode(point(DataType.UINT16, ByteOrder.DCBA, 1, 0), "0xFFFB")).contains(65531L);
    assertThat(decode(point(DataType.INT16, ByteOrder.ABCD, 1, 0), "0x7FFF")).contains(32767L);
    assertThat(decode(point(DataType.UINT16, null, 1, 0), "0x0000")).contains(0L);
  }

  @Test
  void decodes32BitTypesBigEndianWhenNoOrderIsGiven() {
    assertThat(decode(point(DataType.INT32, null, 1, 0), "0x075B", "0xCD15")).contains(123456789L);
  }

  @Test
  void scalesAndOffsetsIntoADouble() {
    assertThat(decode(point(DataType.INT16, null, 0.1, 0), "0x04D2")).contains(123.4);
    assertThat(decode(point(DataType.UINT16, null, 0.01, -40), "0x1F40")).contains(40.0);
    assertThat(decode(point(DataType.INT16, null, 2, 0.5), "0xFFFB")).contains(-9.5);
    assertThat(decode(point(DataType.INT16, null, 1, 1), "0x0001")).contains(2.0);
    assertThat(decode(point(DataType.UINT32, ByteOrder.CDAB, 0.001, 0), "0x2800", "0xEE6B"))
        .contains(4_000_000.0);
    assertThat(decode(point(DataType.FLOAT32, ByteOrder.ABCD, 10, 1), "0x42F6", "0xE979"))
        .hasValueSatisfying(v -> assertThat((Double) v).isCloseTo(1235.56, within(1e-9)));
  }

  @Test
  void keepsIntegersWholeWhenNotScaled() {
    assertThat(decode(point(DataType.UINT16, null, 1, 0), "0x0064")).containsInstanceOf(Long.class);
    assertThat(decode(point(DataType.FLOAT32, null, 1, 0), "0x3F80", "0x0000"))
        .containsInstanceOf(Double.class)
        .contains(1.0);
  }

  @Test
  void leavesOutFloatsThatAreNotNumbers() {
    assertThat(decode(point(DataType.FLOAT32, null, 1, 0), "0x7FC0", "0x0000")).isEmpty();
    assertThat(decode(point(DataType.FLOAT32, null, 1, 0), "0x7F80", "0x0000")).isEmpty();
    assertThat(decode(point(DataType.FLOAT32, ByteOrder.CDAB, 1, 0), "0x0000", "0xFF80")).isEmpty();
    // A finite float scaled beyond a double's range has no number to send either.
    assertThat(decode(point(DataType.FLOAT32, null, 1e300, 0), "0x7F7F", "0xFFFF")).isEmpty();
  }

  @Test
  void readsAPointAtItsIndexInALongerAnswer() {
    int[] words = {0x0001, 0xFFFF, 0xFFFE, 0x0002};
    assertThat(PointDecoder.decode(point(DataType.INT32, ByteOrder.ABCD, 1, 0), words, 1))
        .contains(-2L);
  }

  @Test
  void refusesBoolFromRegisters() {
    assertThatThrownBy(() -> decode(point(DataType.BOOL, null, 1, 0), "0x0001"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Optional<Object> decode(Point point, String... words) {
    int[] registers = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      registers[i] = Integer.decode(words[i]);
    }
    return PointDecoder.decode(point, registers, 0);
  }

  private static Point point(DataType type, ByteOrder order, double scale, double offset) {
    return new Point(
        new PointSpec("value", "", null), Area.HOLDING_REGISTER, 0, type, order, scale, offset);
  }
}
