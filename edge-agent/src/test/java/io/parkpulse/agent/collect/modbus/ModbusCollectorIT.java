package io.parkpulse.agent.collect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.ByteOrder;
import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Group;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import io.parkpulse.devstack.Ports;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector against a real Modbus TCP slave (j2mod's, in this JVM) on a free port: values of
 * every type and byte order, coils and discrete inputs, groups at their own intervals, a slave that
 * goes away and comes back, and writes.
 */
class ModbusCollectorIT {

  private static final DeviceRef DEVICE = new DeviceRef("acme", "press-7");
  private static final String HOST = InetAddress.getLoopbackAddress().getHostAddress();
  private static final int UNIT = 3;
  private static final Duration FAST = Duration.ofMillis(100);
  private static final Duration SLOW = Duration.ofMillis(500);

  /** What the fast group reads from the slave's registers. */
  static final Map<String, Object> REGISTERS =
      Map.ofEntries(
          Map.entry("i16", -5L),
          Map.entry("u16", 65531L),
          Map.entry("i32_abcd", -2L),
          Map.entry("u32_cdab", 4_000_000_000L),
          Map.entry("f_abcd", 123.456),
          Map.entry("f_cdab", 123.456),
          Map.entry("f_badc", 123.456),
          Map.entry("f_dcba", 123.456),
          Map.entry("i32_badc", 123456789L),
          Map.entry("u32_dcba", 4_000_000_000L),
          Map.entry("power_kw", 123.4),
          Map.entry("temp_c", 40.0),
          Map.entry("far", 7L),
          Map.entry("in_i32", -2L),
          Map.entry("in_u16", 42L));

  /** What the slow group reads from the slave's coils and discrete inputs. */
  static final Map<String, Object> BITS =
      Map.of("running", true, "fault", false, "door_open", true, "estop", false, "guard", true);

  private final List<Taken> taken = new CopyOnWriteArrayList<>();
  private int port;
  private SimpleProcessImage image;
  private ModbusSlave slave;
  private ModbusCollector collector;

  private record Taken(DeviceRef device, Instant ts, Map<String, Object> metrics) {}

  @BeforeEach
  void startSlave() throws Exception {
    port = Ports.free();
    image = processImage();
    slave = openSlave();
  }

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.close();
    }
    if (slave != null) {
      slave.close();
    }
  }

  @Test
  void readsEveryTypeAndByteOrderAndPollsEachGroupAtItsInterval() {
    collector = new ModbusCollector(settings(UNIT, port, registerPoints(), bitPoints()));
    collector.start((device, ts, metrics) -> taken.add(new Taken(device, ts, metrics)));

    await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf(BITS).size() >= 3);

    List<Taken> fast = readingsOf(REGISTERS);
    List<Taken> slow = readingsOf(BITS);
    assertThat(taken).allSatisfy(t -> assertThat(t.device()).isEqualTo(DEVICE));
    assertThat(fast.get(0).metrics()).containsExactlyInAnyOrderEntriesOf(REGISTERS);
    assertThat(slow.get(0).metrics()).containsExactlyInAnyOrderEntriesOf(BITS);
    assertThat(fast.size()).isGreaterThan(2 * slow.size());
    for (int i = 1; i < slow.size(); i++) {
      assertThat(Duration.between(slow.get(i - 1).ts(), slow.get(i).ts()))
          .isGreaterThan(SLOW.dividedBy(2));
    }

    collector.close();
    Health health = collector.health();
    assertThat(health.ok()).isTrue();
    assertThat(health.detail()).contains("values skipped as NaN or infinite");
    assertThat(health.readings()).isEqualTo(taken.size());
    assertThat(health.failures()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> pollThreads().isEmpty());
  }

  @Test
  void reportsTheSlaveGoneAndReadsAgainWhenItReturns() throws Exception {
    collector = new ModbusCollector(settings(UNIT, port, registerPoints(), bitPoints()));
    collector.start((device, ts, metrics) -> taken.add(new Taken(device, ts, metrics)));
    await().atMost(Duration.ofSeconds(5)).until(() -> collector.health().ok());

    slave.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !collector.health().ok());
    int readingsWhileDown = taken.size();
    long failuresWhenDown = collector.health().failures();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(collector.health().detail())
                    .startsWith("cannot reach " + HOST + ":" + port + " (Connection refused)")
                    .endsWith("; retrying every 100ms"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> collector.health().failures() >= failuresWhenDown + 5);
    assertThat(taken).hasSize(readingsWhileDown);
    assertThat(collector.health().readings()).isEqualTo(readingsWhileDown);

    slave = openSlave();
    await().atMost(Duration.ofSeconds(5)).until(() -> collector.health().ok());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              List<Taken> after = List.copyOf(taken.subList(readingsWhileDown, taken.size()));
              assertThat(after)
                  .anySatisfy(t -> assertThat(t.metrics()).isEqualTo(REGISTERS))
                  .anySatisfy(t -> assertThat(t.metrics()).isEqualTo(BITS));
            });
    collector.close();
    assertThat(collector.health().readings()).isEqualTo(taken.size());
  }

  @Test
  void probeReadsEveryPointOnceAndLeavesNoConnectionBehind() throws IOException {
    collector = new ModbusCollector(settings(UNIT, port, registerPoints(), bitPoints()));
    Path fds = Path.of("/proc/self/fd");
    long sockets = Files.isDirectory(fds) ? sockets(fds) : -1;

    Health probe = collector.probe();

    assertThat(probe.ok()).isTrue();
    assertThat(probe.detail())
        .startsWith("read 21 points: i16=-5, u16=65531, i32_abcd=-2, u32_cdab=4000000000,")
        .hasSizeLessThan(230)
        .endsWith(", …");
    assertThat(probe.readings()).isEqualTo(1);
    assertThat(probe.failures()).isZero();
    assertThat(taken).isEmpty();
    assertThat(pollThreads()).isEmpty();
    assumeTrue(sockets >= 0, "no /proc/self/fd to count sockets in");
    // The slave closes its side when it sees the probe's end of the connection.
    await().atMost(Duration.ofSeconds(5)).until(() -> sockets(fds) <= sockets);
  }

  @Test
  void probeSaysWhatToCheckWhenNothingListens() {
    int closed = Ports.free();
    collector = new ModbusCollector(settings(UNIT, closed, registerPoints(), bitPoints()));

    Health probe = collector.probe();

    assertThat(probe.ok()).isFalse();
    assertThat(probe.detail())
        .startsWith("cannot reach " + HOST + ":" + closed + " (Connection refused): check that")
        .contains("is its Modbus TCP address");
    assertThat(probe.readings()).isZero();
    assertThat(probe.failures()).isEqualTo(1);
  }

  @Test
  void probeNamesTheRequestAndTheAddressTheDeviceRefused() {
    Point missing = unmappedRegister();
    collector = new ModbusCollector(settings(UNIT, port, List.of(missing), bitPoints()));

    Health probe = collector.probe();

    assertThat(probe.ok()).isFalse();
    assertThat(probe.detail())
        .isEqualTo(
            "unit 3 answered Illegal Data Address for holding register 200 (spindle_rpm): check"
                + " the address (0-based, as on the wire: a manual's 40001 is holding register"
                + " 0)");
  }

  @Test
  void writesHoldingRegistersAndCoilsThatTheSlaveHoldsAndThePollReadsBack() throws IOException {
    Point pump = point("pump", Area.COIL, 5, DataType.BOOL, null);
    collector =
        new ModbusCollector(
            settings(
                UNIT,
                port,
                List.of(
                    setpoint(),
                    speed(),
                    point("in_u16", Area.INPUT_REGISTER, 5, DataType.UINT16, null)),
                List.of(pump, point("estop", Area.DISCRETE_INPUT, 0, DataType.BOOL, null))));

    // Before start, on a connection of its own (function code 5).
    collector.write("pump", true);
    assertThat(image.getDigitalOut(5).isSet()).isTrue();

    // While polling, between polls.
    writesWhilePollingAndReadsBack(collector, image);

    assertThatThrownBy(() -> collector.write("in_u16", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("press-7@acme: point 'in_u16' is an input register: read-only");
    assertThatThrownBy(() -> collector.write("estop", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("press-7@acme: point 'estop' is a discrete input: read-only");
    assertThatThrownBy(() -> collector.write("speed", 3300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "press-7@acme: point 'speed' (INT16, scale 0.1) takes -3276.8 to 3276.7 m/min; 3300 is"
                + " outside");
    assertThatThrownBy(() -> collector.write("spindle_rpm", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "press-7@acme has no point 'spindle_rpm'; its points are setpoint_bar, speed, in_u16,"
                + " pump, estop");
    assertThat(image.getRegister(32).toShort()).isEqualTo((short) -123);
    assertThat(collector.health().failures()).isZero();
  }

  @Test
  void saysWhatTheDeviceAnsweredWhenAWriteFails() {
    Point missing = unmappedRegister();
    collector = new ModbusCollector(settings(UNIT, port, List.of(missing), bitPoints()));

    assertThatThrownBy(() -> collector.write("spindle_rpm", 1500))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "press-7@acme: writing spindle_rpm=1500 failed: unit 3 answered Illegal Data Address"
                + " for holding register 200 (spindle_rpm): check the address (0-based, as on the"
                + " wire: a manual's 40001 is holding register 0)");

    slave.close();
    slave = null;
    assertThatThrownBy(() -> collector.write("running", true))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "press-7@acme: writing running=true failed: cannot reach "
                + HOST
                + ":"
                + port
                + " (Connection refused): check that the device is on");
  }

  private List<Taken> readingsOf(Map<String, Object> group) {
    return taken.stream().filter(t -> group.keySet().containsAll(t.metrics().keySet())).toList();
  }

  private static List<Thread> pollThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("modbus " + DEVICE.username()))
        .toList();
  }

  private static long sockets(Path fds) throws IOException {
    try (Stream<Path> entries = Files.list(fds)) {
      return entries
          .filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                  return false; // closed while listed
                }
              })
          .count();
    }
  }

  private ModbusSlave openSlave() throws Exception {
    ModbusSlave opened =
        ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false, 0);
    opened.addProcessImage(UNIT, image);
    opened.open();
    return opened;
  }

  private static ModbusSettings settings(
      int unit, int port, List<Point> registers, List<Point> bits) {
    return new ModbusSettings(
        DEVICE,
        HOST,
        port,
        unit,
        Duration.ofMillis(500),
        List.of(new Group(FAST, registers), new Group(SLOW, bits)));
  }

  static List<Point> registerPoints() {
    Area hr = Area.HOLDING_REGISTER;
    Area ir = Area.INPUT_REGISTER;
    return List.of(
        point("i16", hr, 0, DataType.INT16, null),
        point("u16", hr, 1, DataType.UINT16, null),
        point("i32_abcd", hr, 2, DataType.INT32, ByteOrder.ABCD),
        point("u32_cdab", hr, 4, DataType.UINT32, ByteOrder.CDAB),
        point("f_abcd", hr, 6, DataType.FLOAT32, ByteOrder.ABCD),
        point("f_cdab", hr, 8, DataType.FLOAT32, ByteOrder.CDAB),
        point("f_badc", hr, 10, DataType.FLOAT32, ByteOrder.BADC),
        point("f_dcba", hr, 12, DataType.FLOAT32, ByteOrder.DCBA),
        point("i32_badc", hr, 14, DataType.INT32, ByteOrder.BADC),
        point("u32_dcba", hr, 16, DataType.UINT32, ByteOrder.DCBA),
        new Point(new PointSpec("power_kw", "kW", null), hr, 18, DataType.INT16, null, 0.1, 0),
        new Point(new PointSpec("temp_c", "°C", null), hr, 19, DataType.UINT16, null, 0.01, -40),
        point("nan", hr, 20, DataType.FLOAT32, ByteOrder.ABCD),
        point("far", hr, 60, DataType.UINT16, null),
        point("in_i32", ir, 0, DataType.INT32, ByteOrder.CDAB),
        point("in_u16", ir, 5, DataType.UINT16, null));
  }

  static List<Point> bitPoints() {
    return List.of(
        point("running", Area.COIL, 0, DataType.BOOL, null),
        point("fault", Area.COIL, 1, DataType.BOOL, null),
        point("door_open", Area.COIL, 9, DataType.BOOL, null),
        point("estop", Area.DISCRETE_INPUT, 0, DataType.BOOL, null),
        point("guard", Area.DISCRETE_INPUT, 4, DataType.BOOL, null));
  }

  static Point point(String name, Area area, int address, DataType type, ByteOrder order) {
    return new Point(new PointSpec(name, "", null), area, address, type, order, 1, 0);
  }

  /** Registers, inputs and bits as a device would hold the values the points expect. */
  static SimpleProcessImage processImage() {
    SimpleProcessImage image = new SimpleProcessImage(UNIT);
    int[] holding = new int[64];
    int[] values = {
      0xFFFB, // i16 -5
      0xFFFB, // u16 65531
      0xFFFF,
      0xFFFE, // i32 -2, ABCD
      0x2800,
      0xEE6B, // u32 4000000000, CDAB
      0x42F6,
      0xE979, // f32 123.456, ABCD
      0xE979,
      0x42F6, // CDAB
      0xF642,
      0x79E9, // BADC
      0x79E9,
      0xF642, // DCBA
      0x5B07,
      0x15CD, // i32 123456789, BADC
      0x0028,
      0x6BEE, // u32 4000000000, DCBA
      1234, // power_kw 123.4 at scale 0.1
      8000, // temp_c 40.0 at scale 0.01, offset -40
      0x7FC0,
      0x0000 // NaN
    };
    System.arraycopy(values, 0, holding, 0, values.length);
    holding[60] = 7;
    for (int word : holding) {
      image.addRegister(new SimpleRegister(word));
    }
    int[] input = {0xFFFE, 0xFFFF, 0, 0, 0, 42};
    for (int word : input) {
      image.addInputRegister(new SimpleInputRegister(word));
    }
    boolean[] coils = new boolean[16];
    coils[0] = true;
    coils[9] = true;
    for (boolean coil : coils) {
      image.addDigitalOut(new SimpleDigitalOut(coil));
    }
    boolean[] inputs = new boolean[8];
    inputs[4] = true;
    for (boolean in : inputs) {
      image.addDigitalIn(new SimpleDigitalIn(in));
    }
    return image;
  }

  /** A FLOAT32 setpoint in holding registers 30-31, CDAB, scale 0.5 and offset 10: writable. */
  static Point setpoint() {
    return new Point(
        new PointSpec("setpoint_bar", "bar", null),
        Area.HOLDING_REGISTER,
        30,
        DataType.FLOAT32,
        ByteOrder.CDAB,
        0.5,
        10);
  }

  /** An INT16 speed in holding register 32, scale 0.1: writable. */
  static Point speed() {
    return new Point(
        new PointSpec("speed", "m/min", null),
        Area.HOLDING_REGISTER,
        32,
        DataType.INT16,
        null,
        0.1,
        0);
  }

  /**
   * Starts {@code collector}, which reads {@link #setpoint()}, {@link #speed()} and the coil {@code
   * pump} at 5, and while it polls writes both registers (function codes 16 and 6) and switches the
   * pump off (function code 5): {@code image} holds the raw values and a reading has them back.
   */
  static void writesWhilePollingAndReadsBack(Collector collector, SimpleProcessImage image)
      throws IOException {
    List<Map<String, Object>> read = new CopyOnWriteArrayList<>();
    collector.start((device, ts, metrics) -> read.add(metrics));
    collector.write("setpoint_bar", 42.5); // raw (42.5 - 10) / 0.5 = 65.0f = 0x42820000
    collector.write("speed", -12.3); // raw -123
    collector.write("pump", false);

    assertThat(image.getRegister(30).getValue()).isEqualTo(0x0000);
    assertThat(image.getRegister(31).getValue()).isEqualTo(0x4282);
    assertThat(image.getRegister(32).toShort()).isEqualTo((short) -123);
    assertThat(image.getDigitalOut(5).isSet()).isFalse();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(read)
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .containsEntry("setpoint_bar", 42.5)
                                .containsEntry("speed", -12.3))
                    .anySatisfy(m -> assertThat(m).containsEntry("pump", false)));
  }

  /** A holding register the slave does not have: it answers Illegal Data Address. */
  static Point unmappedRegister() {
    return new Point(
        new PointSpec("spindle_rpm", "rpm", null),
        Area.HOLDING_REGISTER,
        200,
        DataType.UINT16,
        null,
        1,
        0);
  }
}
