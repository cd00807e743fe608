package io.parkpulse.agent.collect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.ByteOrder;
import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import io.parkpulse.agent.collect.modbus.ReadPlan.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadPlanTest {

  @Test
  void readsNeighbouringRegistersInOneRequest() {
    List<Request> plan =
        ReadPlan.of(
            List.of(
                point("c", Area.HOLDING_REGISTER, 10, DataType.FLOAT32),
                point("a", Area.HOLDING_REGISTER, 0, DataType.INT16),
                point("b", Area.HOLDING_REGISTER, 1, DataType.UINT32)));

    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).start()).isZero();
    assertThat(plan.get(0).count()).isEqualTo(12);
    assertThat(plan.get(0).points())
        .extracting(p -> p.spec().name())
        .containsExactly("a", "b", "c");
    assertThat(plan.get(0).describe()).isEqualTo("holding registers 0-11");
  }

  @Test
  void splitsAtAGapOfMoreThan16Registers() {
    List<Request> plan =
        ReadPlan.of(
            List.of(
                point("a", Area.INPUT_REGISTER, 0, DataType.INT16),
                point("b", Area.INPUT_REGISTER, 17, DataType.INT16),
                point("c", Area.INPUT_REGISTER, 35, DataType.INT16)));

    assertThat(plan)
        .extracting(Request::start, Request::count)
        .containsExactly(tuple(0, 18), tuple(35, 1));
    assertThat(plan.get(1).describe()).isEqualTo("input register 35");
  }

  @Test
  void asksForAtMost125RegistersAnd2000Bits() {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      points.add(point("r" + i, Area.HOLDING_REGISTER, i * 2, DataType.FLOAT32));
    }
    for (int i = 0; i < 300; i++) {
      points.add(point("c" + i, Area.COIL, i * 10, DataType.BOOL));
    }

    List<Request> plan = ReadPlan.of(points);

    assertThat(plan)
        .filteredOn(r -> r.area() == Area.HOLDING_REGISTER)
        .extracting(Request::start, Request::count)
        .containsExactly(tuple(0, 124), tuple(124, 76));
    assertThat(plan)
        .filteredOn(r -> r.area() == Area.COIL)
        .extracting(Request::start, Request::count)
        .containsExactly(tuple(0, 1991), tuple(2000, 991));
    assertThat(plan).allSatisfy(r -> assertThat(r.points()).isNotEmpty());
    assertThat(plan.stream().mapToInt(r -> r.points().size()).sum()).isEqualTo(400);
  }

  @Test
  void keepsAreasApartAndMergesOverlappingPoints() {
    List<Request> plan =
        ReadPlan.of(
            List.of(
                point("d", Area.DISCRETE_INPUT, 3, DataType.BOOL),
                point("whole", Area.HOLDING_REGISTER, 5, DataType.UINT32),
                point("low", Area.HOLDING_REGISTER, 6, DataType.UINT16),
                point("coil", Area.COIL, 3, DataType.BOOL),
                point("d2", Area.DISCRETE_INPUT, 200, DataType.BOOL)));

    assertThat(plan)
        .extracting(Request::area, Request::start, Request::count)
        .containsExactly(
            tuple(Area.HOLDING_REGISTER, 5, 2),
            tuple(Area.COIL, 3, 1),
            tuple(Area.DISCRETE_INPUT, 3, 198));
  }

  private static Point point(String name, Area area, int address, DataType type) {
    return new Point(new PointSpec(name, "", null), area, address, type, ByteOrder.ABCD, 1, 0);
  }
}
