package io.parkpulse.agent.collect.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.modbus.ModbusRtuCollector;
import io.parkpulse.agent.collect.modbus.ModbusRtuSettings;
import io.parkpulse.agent.collect.modbus.ModbusSettings;
import io.parkpulse.agent.collect.modbus.RtuSlave;
import io.parkpulse.agent.collect.serial.Buses;
import io.parkpulse.agent.collect.serial.Pty;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.model.DeviceRef;
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
 * DL/T 645 meters and a Modbus RTU unit on one RS-485 bus, as in a park's switch room: a socat
 * pseudo-terminal pair at 2400 baud 8E1, the agent's collectors sharing one bus on one side, and on
 * the other the Modbus test slave and the meter simulator behind one reader.
 */
class Dlt645CollectorIT {

  private static final String BUS = "rs485-1";
  private static final String METER = "000000123456";
  private static final String DEAD = "000000654321";
  private static final Duration INTERVAL = Duration.ofMillis(300);

  @TempDir Path dir;

  private final Buses buses = new Buses();
  private final List<Taken> taken = new CopyOnWriteArrayList<>();
  private final List<Collector> collectors = new ArrayList<>();
  private Pty pty;
  private RtuSlave slave;
  private MeterSimulator meters;

  private record Taken(DeviceRef device, Instant ts, Map<String, Object> metrics) {}

  @BeforeEach
  void startLine() throws Exception {
    pty = Pty.start(dir.resolve("a"), dir.resolve("b"));
    SharedLine shared = new SharedLine();
    SimpleProcessImage pump = new SimpleProcessImage();
    pump.addRegister(new SimpleRegister(230));
    slave = new RtuSlave(pty.b()).with(shared).unit(3, pump);
    meters = new MeterSimulator(shared.input, shared.output, METER, DEAD);
    meters.set(METER, DataId.COMBINED_ACTIVE_ENERGY, 12345.67);
    meters.set(METER, DataId.VOLTAGE_A, 230.1);
    meters.silence(DEAD, true);
  }

  @AfterEach
  void stop() throws Exception {
    collectors.forEach(Collector::close);
    if (meters != null) {
      meters.close();
    }
    if (slave != null) {
      slave.close();
    }
    if (pty != null) {
      pty.close();
    }
  }

  @Test
  void aMeterAndAModbusUnitShareTheBusWhileADeadMeterIsIsolated() {
    Instant started = Instant.now();
    Dlt645Collector meter =
        start(meter("meter-01", METER, DataId.COMBINED_ACTIVE_ENERGY, DataId.VOLTAGE_A));
    Dlt645Collector dead = start(meter("meter-02", DEAD, DataId.COMBINED_ACTIVE_ENERGY));
    ModbusRtuCollector pump = new ModbusRtuCollector(pump(), buses);
    collectors.add(pump);
    pump.start(this::take);

    // Tried at once, then after 1 s of isolation; the next try comes 2 s later.
    await().atMost(Duration.ofSeconds(10)).until(() -> dead.health().failures() >= 2);
    Duration elapsed = Duration.between(started, Instant.now());

    Health health = dead.health();
    assertThat(health.ok()).isFalse();
    assertThat(health.detail())
        .startsWith("no answer from meter " + DEAD + " on " + pty.a() + " 2400 8E1 to a read of")
        .contains("; isolated once since start, next try in ");
    assertThat(meters.requests(DEAD)).isEqualTo((int) health.failures());

    long expected = elapsed.toMillis() / INTERVAL.toMillis();
    assertThat(readingsOf("meter-01"))
        .hasSizeGreaterThan((int) (expected * 6 / 10))
        .allSatisfy(
            t ->
                assertThat(t.metrics())
                    .containsExactly(
                        Map.entry("energy_kwh", 12345.67), Map.entry("voltage_a_v", 230.1)));
    assertThat(readingsOf("pump-01"))
        .hasSizeGreaterThan((int) (expected * 6 / 10))
        .allSatisfy(t -> assertThat(t.metrics()).isEqualTo(Map.of("level", 230L)));
    assertThat(meter.health().ok()).isTrue();
    assertThat(meter.health().detail())
        .isEqualTo(
            "reading 2 points from meter " + METER + " on bus rs485-1 (" + pty.a() + " 2400 8E1)");
    assertThat(pump.health().ok()).isTrue();
    assertThat(readingsOf("meter-02")).isEmpty();
  }

  @Test
  void aRefusedIdentifierIsAFailureThatNamesThePointButDoesNotIsolateTheMeter() {
    Health probe =
        new Dlt645Collector(
                meter("meter-01", METER, DataId.COMBINED_ACTIVE_ENERGY, DataId.VOLTAGE_A), buses)
            .probe();
    assertThat(probe.ok()).as(probe.detail()).isTrue();
    assertThat(probe.detail()).isEqualTo("read 2 points: energy_kwh=12345.67, voltage_a_v=230.1");

    Dlt645Collector meter = start(meter("meter-01", METER, DataId.VOLTAGE_A, DataId.FREQUENCY));
    await().atMost(Duration.ofSeconds(5)).until(() -> meter.health().failures() >= 4);

    Health health = meter.health();
    assertThat(health.ok()).isFalse();
    assertThat(health.detail())
        .startsWith("meter " + METER + " refused 02800002 (grid frequency): no such data")
        .endsWith(" for point 'frequency_hz'; check that the meter's manual lists 02800002")
        .doesNotContain("isolated");
    assertThat(health.readings()).isZero();
  }

  private Dlt645Collector start(Dlt645Settings settings) {
    Dlt645Collector collector = new Dlt645Collector(settings, buses);
    collectors.add(collector);
    collector.start(this::take);
    return collector;
  }

  private void take(DeviceRef device, Instant ts, Map<String, Object> metrics) {
    taken.add(new Taken(device, ts, metrics));
  }

  private List<Taken> readingsOf(String device) {
    return taken.stream().filter(t -> t.device().device().equals(device)).toList();
  }

  private Dlt645Settings meter(String device, String address, DataId... ids) {
    List<Dlt645Settings.Point> points = new ArrayList<>();
    for (DataId id : ids) {
      points.add(new Dlt645Settings.Point(new PointSpec(id.pointName(), id.unit(), id.kind()), id));
    }
    return new Dlt645Settings(
        new DeviceRef("acme", device), BUS, line(), MeterAddress.of(address), INTERVAL, points);
  }

  private ModbusRtuSettings pump() {
    ModbusSettings.Point level =
        new ModbusSettings.Point(
            new PointSpec("level", "", null),
            ModbusSettings.Area.HOLDING_REGISTER,
            0,
            ModbusSettings.DataType.UINT16,
            null,
            1,
            0);
    return new ModbusRtuSettings(
        new DeviceRef("acme", "pump-01"),
        BUS,
        line(),
        3,
        List.of(new ModbusSettings.Group(INTERVAL, List.of(level))));
  }

  private SerialSettings line() {
    return new SerialSettings(
        pty.a().toString(),
        null,
        0,
        2400,
        8,
        SerialSettings.Parity.EVEN,
        1,
        Duration.ofMillis(300),
        Duration.ofMillis(16));
  }
}
