package io.parkpulse.agent.collect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.ByteOrder;
import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

  // ---- encoding, for writes: the inverse of decoding

  static Stream<Arguments> everyTypeOrderAndEdgeValue() {
    List<Arguments> cases = new ArrayList<>();
    Object[][] values = {
      {DataType.INT16, new Object[] {-32768L, -5L, 0L, 32767L}},
      {DataType.UINT16, new Object[] {0L, 1234L, 65535L}},
      {
        DataType.INT32,
        new Object[] {(long) Integer.MIN_VALUE, -2L, 123456789L, (long) Integer.MAX_VALUE}
      },
      {DataType.UINT32, new Object[] {0L, 4_000_000_000L, 4_294_967_295L}},
      {DataType.FLOAT32, new Object[] {123.456, -0.001, 0.0, 3.4028235E38, 1.4E-45}}
    };
    for (Object[] type : values) {
      for (ByteOrder order : ByteOrder.values()) {
        for (Object value : (Object[]) type[1]) {
          cases.add(Arguments.of(type[0], order, value));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("everyTypeOrderAndEdgeValue")
  void encodesWhatDecodesToTheSameValueForEveryTypeAndOrder(
      DataType type, ByteOrder order, Object value) {
    Point point = point(type, order, 1, 0);

    int[] words = PointDecoder.encode(point, value);

    assertThat(words).hasSize(type.registers());
    assertThat(IntStream.of(words)).allSatisfy(w -> assertThat(w).isBetween(0, 0xFFFF));
    assertThat(PointDecoder.decode(point, words, 0)).contains(value);
  }

  static Stream<Arguments> scaledPoints() {
    List<Arguments> cases = new ArrayList<>();
    for (ByteOrder order : ByteOrder.values()) {
      cases.add(Arguments.of(DataType.INT16, order, 0.1, 0.0, -3276.8));
      cases.add(Arguments.of(DataType.INT16, order, 0.1, 0.0, 123.4));
      cases.add(Arguments.of(DataType.UINT16, order, 0.01, -40.0, 40.0));
      cases.add(Arguments.of(DataType.UINT16, order, 0.01, -40.0, 615.35));
      cases.add(Arguments.of(DataType.INT32, order, 0.001, 0.0, -2147483.648));
      cases.add(Arguments.of(DataType.UINT32, order, 0.001, 0.0, 4_000_000.0));
      cases.add(Arguments.of(DataType.FLOAT32, order, 0.5, 10.0, 42.5));
      cases.add(Arguments.of(DataType.FLOAT32, order, 10.0, 1.0, 1235.56));
      cases.add(Arguments.of(DataType.INT16, order, -2.0, 5.0, 1.0));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("scaledPoints")
  void reversesScaleAndOffsetForEveryTypeAndOrder(
      DataType type, ByteOrder order, double scale, double offset, double value) {
    Point point = point(type, order, scale, offset);

    int[] words = PointDecoder.encode(point, value);

    assertThat(PointDecoder.decode(point, words, 0))
        .hasValueSatisfying(v -> assertThat((Double) v).isCloseTo(value, within(1e-6)));
  }

  @ParameterizedTest
  @CsvSource({
    "ABCD, 0x42F6, 0xE979",
    "CDAB, 0xE979, 0x42F6",
    "BADC, 0xF642, 0x79E9",
    "DCBA, 0x79E9, 0xF642"
  })
  void putsFloat32OnTheWireInEachByteOrder(ByteOrder order, String first, String second) {
    assertThat(PointDecoder.encode(point(DataType.FLOAT32, order, 1, 0), 123.456))
        .containsExactly(Integer.decode(first), Integer.decode(second));
  }

  @ParameterizedTest
  @CsvSource({"ABCD", "CDAB", "BADC", "DCBA"})
  void splitsThe32BitsAsTheyAreAssembled(ByteOrder order) {
    int[] words = PointDecoder.words32(order, 0xAABBCCDD);
    assertThat(PointDecoder.bits32(order, words[0], words[1])).isEqualTo(0xAABBCCDD);
  }

  @Test
  void roundsIntegerTypesToTheNearestWhole() {
    assertThat(PointDecoder.encode(point(DataType.INT16, null, 1, 0), 1.5)).containsExactly(2);
    assertThat(PointDecoder.encode(point(DataType.INT16, null, 1, 0), 1.4)).containsExactly(1);
    assertThat(PointDecoder.encode(point(DataType.INT16, null, 1, 0), -1.6))
        .containsExactly(0xFFFE);
    assertThat(PointDecoder.encode(point(DataType.UINT16, null, 0.1, 0), 12.34))
        .containsExactly(123);
    // 32767.4 rounds into the range, 32767.5 out of it.
    assertThat(PointDecoder.encode(point(DataType.INT16, null, 1, 0), 32767.4))
        .containsExactly(0x7FFF);
  }

  @Test
  void takesAnyKindOfNumber() {
    Point point = point(DataType.UINT32, ByteOrder.ABCD, 1, 0);
    assertThat(PointDecoder.encode(point, 7)).containsExactly(0, 7);
    assertThat(PointDecoder.encode(point, (short) 7)).containsExactly(0, 7);
    assertThat(PointDecoder.encode(point, new BigDecimal("7.0"))).containsExactly(0, 7);
  }

  @Test
  void refusesValuesOutsideTheRangeSayingItInEngineeringUnits() {
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.INT16, null, 1, 0), 32767.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point 'value' (INT16) takes -32768 to 32767; 32767.5 is outside");
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.INT16, null, 0.1, 0), 3276.8))
        .hasMessage("point 'value' (INT16, scale 0.1) takes -3276.8 to 3276.7; 3276.8 is outside");
    Point temperature =
        new Point(
            new PointSpec("temp_c", "°C", null),
            Area.HOLDING_REGISTER,
            0,
            DataType.UINT16,
            null,
            0.01,
            -40);
    assertThatThrownBy(() -> PointDecoder.encode(temperature, -41))
        .hasMessage(
            "point 'temp_c' (UINT16, scale 0.01, offset -40) takes -40 to 615.35 °C; -41 is"
                + " outside");
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.UINT16, null, 1, 0), -1))
        .hasMessage("point 'value' (UINT16) takes 0 to 65535; -1 is outside");
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.INT32, null, 1, 0), 1L << 31))
        .hasMessage("point 'value' (INT32) takes -2147483648 to 2147483647; 2147483648 is outside");
    assertThatThrownBy(
            () -> PointDecoder.encode(point(DataType.UINT32, ByteOrder.CDAB, 1, 0), 1L << 32))
        .hasMessage("point 'value' (UINT32) takes 0 to 4294967295; 4294967296 is outside");
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.FLOAT32, null, 1, 0), 1e39))
        .hasMessage(
            "point 'value' (FLOAT32) takes -3.4028234663852886E38 to 3.4028234663852886E38;"
                + " 1.0E39 is outside");
    // A negative scale turns the range around.
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.UINT16, null, -1, 0), 1))
        .hasMessage("point 'value' (UINT16, scale -1) takes -65535 to 0; 1 is outside");
  }

  @Test
  void refusesWhatIsNotAFiniteNumber() {
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.FLOAT32, null, 1, 0), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point 'value' takes a finite number, not NaN");
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.INT16, null, 1, 0), "12"))
        .hasMessage("point 'value' takes a number, not '12'");
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.INT16, null, 1, 0), true))
        .hasMessage("point 'value' takes a number, not true");
    assertThatThrownBy(() -> PointDecoder.encode(point(DataType.BOOL, null, 1, 0), 1))
        .hasMessage("point 'value' of type BOOL is not a register");
  }

  @Test
  void encodesCoilsFromBooleansOrZeroAndOne() {
    Point coil =
        new Point(new PointSpec("pump", "", null), Area.COIL, 0, DataType.BOOL, null, 1, 0);
    assertThat(PointDecoder.encodeBit(coil, true)).isTrue();
    assertThat(PointDecoder.encodeBit(coil, false)).isFalse();
    assertThat(PointDecoder.encodeBit(coil, 1)).isTrue();
    assertThat(PointDecoder.encodeBit(coil, 0.0)).isFalse();
    assertThatThrownBy(() -> PointDecoder.encodeBit(coil, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point 'pump' takes true or false (or 1 or 0), not 2");
    assertThatThrownBy(() -> PointDecoder.encodeBit(coil, "on"))
        .hasMessage("point 'pump' takes true or false (or 1 or 0), not 'on'");
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
