package io.parkpulse.agent.collect.modbus;

import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.BITS;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.REGISTERS;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.bitPoints;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.point;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.processImage;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.registerPoints;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.setpoint;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.speed;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.unmappedRegister;
import static io.parkpulse.agent.collect.modbus.ModbusCollectorIT.writesWhilePollingAndReadsBack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Group;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import io.parkpulse.agent.collect.serial.Buses;
import io.parkpulse.agent.collect.serial.Pty;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU collectors on a real serial line: a pseudo-terminal pair from socat, the agent on one
 * side through jSerialComm, test slaves ({@link RtuSlave}) on the other. The same points as the
 * Modbus TCP test, several units sharing the line with one of them dead, a CRC error, and a line
 * that is missing at start and that goes away and comes back.
 */
class ModbusRtuCollectorIT {

  private static final DeviceRef DEVICE = new DeviceRef("acme", "pump-01");
  private static final String BUS = "rs485-1";
  private static final Duration FAST = Duration.ofMillis(100);
  private static final Duration SLOW = Duration.ofMillis(500);
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @TempDir Path dir;

  private final Buses buses = new Buses();
  private final List<Taken> taken = new CopyOnWriteArrayList<>();
  private final List<Collector> collectors = new ArrayList<>();
  private final List<AutoCloseable> lines = new ArrayList<>();
  private Pty pty;
  private RtuSlave slave;

  private record Taken(DeviceRef device, Instant ts, Map<String, Object> metrics) {}

  @BeforeEach
  void startLine() throws Exception {
    pty = Pty.start(dir.resolve("a"), dir.resolve("b"));
    lines.add(pty);
    slave = new RtuSlave(pty.b());
    lines.add(0, slave);
  }

  @AfterEach
  void stop() throws Exception {
    collectors.forEach(Collector::close);
    for (AutoCloseable line : lines) {
      line.close();
    }
  }

  @Test
  void readsEveryTypeAndByteOrderAsModbusTcpDoesAndLeavesTheBusWhenClosed() {
    slave.unit(3, processImage());
    ModbusRtuCollector collector = start(settings(3, registerPoints(), bitPoints()));

    await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf(BITS).size() >= 3);

    List<Taken> fast = readingsOf(REGISTERS);
    List<Taken> slow = readingsOf(BITS);
    assertThat(taken).allSatisfy(t -> assertThat(t.device()).isEqualTo(DEVICE));
    assertThat(fast.get(0).metrics()).containsExactlyInAnyOrderEntriesOf(REGISTERS);
    assertThat(slow.get(0).metrics()).containsExactlyInAnyOrderEntriesOf(BITS);
    assertThat(fast.size()).isGreaterThan(2 * slow.size());
    assertThat(buses.running(line(pty.a()))).isTrue();

    collector.close();
    Health health = collector.health();
    assertThat(health.ok()).as(health.detail()).isTrue();
    assertThat(health.detail())
        .startsWith("reading 21 points from unit 3 on bus rs485-1 (" + pty.a() + " 9600 8N1)")
        .contains("values skipped as NaN or infinite");
    assertThat(health.readings()).isEqualTo(taken.size());
    assertThat(health.failures()).isZero();
    assertThat(buses.running(line(pty.a()))).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> busThreads().isEmpty());
  }

  @Test
  void probesAndWritesOnTheirOwnLineAndBetweenPolls() throws IOException {
    SimpleProcessImage image = processImage();
    for (int i = image.getRegisterCount(); i < 40; i++) {
      image.addRegister(new SimpleRegister(0));
    }
    slave.unit(3, image);
    Point pump = point("pump", Area.COIL, 5, DataType.BOOL, null);
    ModbusRtuCollector collector =
        new ModbusRtuCollector(
            settings(
                3,
                List.of(setpoint(), speed()),
                List.of(pump, point("estop", Area.DISCRETE_INPUT, 0, DataType.BOOL, null))),
            buses);
    collectors.add(collector);

    // Before start: the probe and a write each open the line for themselves.
    Health probe =
        new ModbusRtuCollector(settings(3, registerPoints(), bitPoints()), buses).probe();
    assertThat(probe.ok()).as(probe.detail()).isTrue();
    assertThat(probe.detail())
        .startsWith("read 21 points: i16=-5, u16=65531, i32_abcd=-2, u32_cdab=4000000000,");
    collector.write("pump", true);
    assertThat(image.getDigitalOut(5).isSet()).isTrue();
    assertThat(buses.running(line(pty.a()))).isFalse();

    // While polling, on the bus's thread.
    writesWhilePollingAndReadsBack(collector, image);
    // A probe while the bus runs goes through it: the port is open once.
    Health running = collector.probe();
    assertThat(running.ok()).as(running.detail()).isTrue();
    assertThat(running.detail()).contains("setpoint_bar=42.5", "pump=false");

    assertThatThrownBy(() -> collector.write("estop", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pump-01@acme: point 'estop' is a discrete input: read-only");
    ModbusRtuCollector refused =
        new ModbusRtuCollector(settings(3, List.of(unmappedRegister()), bitPoints()), buses);
    assertThat(refused.probe().detail())
        .isEqualTo(
            "unit 3 answered Illegal Data Address for holding register 200 (spindle_rpm): check"
                + " the address (0-based, as on the wire: a manual's 40001 is holding register"
                + " 0)");
    assertThatThrownBy(() -> refused.write("spindle_rpm", 1500))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "pump-01@acme: writing spindle_rpm=1500 failed: unit 3 answered Illegal Data Address"
                + " for holding register 200 (spindle_rpm): check the address (0-based, as on the"
                + " wire: a manual's 40001 is holding register 0)");
    assertThat(collector.health().failures()).isZero();
  }

  @Test
  void aDeadUnitIsIsolatedAndTheOthersKeepTheirRate() {
    slave.unit(1, smallImage(11)).unit(2, smallImage(22)).unit(7, smallImage(77)).dead(7);
    Duration interval = Duration.ofMillis(200);
    Instant started = Instant.now();
    ModbusRtuCollector one = start(oneRegister("pump-01", 1, interval));
    ModbusRtuCollector two = start(oneRegister("pump-02", 2, interval));
    ModbusRtuCollector dead = start(oneRegister("pump-07", 7, interval));

    // Tried at 0 s, then after 1 s of isolation; the next try comes 2 s later.
    await().atMost(Duration.ofSeconds(10)).until(() -> dead.health().failures() >= 2);
    Health health = dead.health();
    assertThat(health.ok()).isFalse();
    assertThat(health.detail())
        .startsWith(
            "no answer from unit 7 within 300 ms (reading holding register 0); check the unit id")
        .contains("; isolated once since start, next try in ");
    assertThat(health.readings()).isZero();
    // One request per try: without isolation it would have been asked every 200 ms.
    assertThat(slave.requests(7)).isEqualTo((int) health.failures());
    slave.alive(7);

    await().atMost(Duration.ofSeconds(10)).until(() -> dead.health().ok());
    Duration elapsed = Duration.between(started, Instant.now());
    long expected = elapsed.toMillis() / interval.toMillis();
    for (String device : List.of("pump-01", "pump-02")) {
      long readings = taken.stream().filter(t -> t.device().device().equals(device)).count();
      assertThat(readings).as(device + " in " + elapsed).isGreaterThan(expected * 6 / 10);
    }
    assertThat(one.health().ok()).isTrue();
    assertThat(two.health().ok()).isTrue();
    assertThat(taken)
        .filteredOn(t -> t.device().device().equals("pump-02"))
        .allSatisfy(t -> assertThat(t.metrics()).isEqualTo(Map.of("level", 22L)));
    assertThat(dead.health().failures()).isEqualTo(2);
    assertThat(dead.health().detail()).endsWith("; isolated once since start");
  }

  @Test
  void aCrcErrorIsAFailure() {
    slave.unit(5, smallImage(55)).noisy(5);
    ModbusRtuCollector noisy = start(oneRegister("meter-05", 5, Duration.ofMillis(100)));

    await().atMost(Duration.ofSeconds(5)).until(() -> noisy.health().failures() >= 1);

    Health health = noisy.health();
    assertThat(health.ok()).isFalse();
    assertThat(health.detail()).startsWith("CRC error in the answer of unit 5 (05 03 02 00 37 ");
    assertThat(health.readings()).isZero();
    assertThat(taken).isEmpty();
  }

  @Test
  void opensTheLineWhenItAppearsAndAgainWhenItComesBack() throws Exception {
    Path late = dir.resolve("late-a");
    Path devices = dir.resolve("late-b");
    ModbusRtuCollector collector =
        start(
            new ModbusRtuSettings(
                DEVICE,
                BUS,
                line(late),
                4,
                List.of(
                    new Group(
                        FAST,
                        List.of(
                            point("level", Area.HOLDING_REGISTER, 0, DataType.UINT16, null))))));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(collector.health().detail())
                    .startsWith("bus rs485-1: ")
                    .contains(late.toString())
                    .contains("; next try in "));
    assertThat(collector.health().failures()).isPositive();

    Pty appeared = Pty.start(late, devices);
    RtuSlave device = new RtuSlave(devices).unit(4, smallImage(44));
    await().atMost(Duration.ofSeconds(10)).until(() -> collector.health().ok());
    await().atMost(Duration.ofSeconds(5)).until(() -> taken.size() >= 3);

    // The line goes away (an adapter unplugged): every read ends at once.
    device.close();
    appeared.close();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(collector.health().detail()).contains("lost the line " + late));
    int whileDown = taken.size();

    Pty back = Pty.start(late, devices);
    lines.add(back);
    lines.add(0, new RtuSlave(devices).unit(4, smallImage(45)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                taken.subList(whileDown, taken.size()).stream()
                    .anyMatch(t -> t.metrics().equals(Map.of("level", 45L))));
    assertThat(collector.health().ok()).isTrue();
  }

  private ModbusRtuCollector start(ModbusRtuSettings settings) {
    ModbusRtuCollector collector = new ModbusRtuCollector(settings, buses);
    collectors.add(collector);
    collector.start((device, ts, metrics) -> taken.add(new Taken(device, ts, metrics)));
    return collector;
  }

  private List<Taken> readingsOf(Map<String, Object> group) {
    return taken.stream().filter(t -> group.keySet().containsAll(t.metrics().keySet())).toList();
  }

  private static List<Thread> busThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("serial bus " + BUS))
        .toList();
  }

  private ModbusRtuSettings settings(int unit, List<Point> registers, List<Point> bits) {
    return new ModbusRtuSettings(
        DEVICE,
        BUS,
        line(pty.a()),
        unit,
        List.of(new Group(FAST, registers), new Group(SLOW, bits)));
  }

  private ModbusRtuSettings oneRegister(String device, int unit, Duration interval) {
    return new ModbusRtuSettings(
        new DeviceRef("acme", device),
        BUS,
        line(pty.a()),
        unit,
        List.of(
            new Group(
                interval,
                List.of(point("level", Area.HOLDING_REGISTER, 0, DataType.UINT16, null)))));
  }

  private static SerialSettings line(Path port) {
    return new SerialSettings(
        port.toString(),
        null,
        0,
        9600,
        8,
        SerialSettings.Parity.NONE,
        1,
        TIMEOUT,
        Duration.ofMillis(4));
  }

  /** One holding register holding {@code value}. */
  private static SimpleProcessImage smallImage(int value) {
    SimpleProcessImage image = new SimpleProcessImage();
    image.addRegister(new SimpleRegister(value));
    return image;
  }
}
