package io.parkpulse.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.parkpulse.agent.collect.dlt645.DataId;
import io.parkpulse.agent.collect.dlt645.Dlt645Settings;
import io.parkpulse.agent.collect.dlt645.MeterAddress;
import io.parkpulse.agent.collect.gnss.GnssSettings;
import io.parkpulse.agent.collect.modbus.ModbusRtuSettings;
import io.parkpulse.agent.collect.modbus.ModbusSettings;
import io.parkpulse.agent.collect.opcua.OpcUaSettings;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.agent.simulator.SimulatorSettings;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.model.PointKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void readsTheExampleThatShipsWithTheAgent() throws Exception {
    Path example = dir.resolve("agent.yaml");
    Files.copy(Path.of("src/dist/config/agent.example.yaml"), example);

    AgentConfig config = ConfigLoader.load(example);

    assertThat(config.device().username()).isEqualTo("line1-controller@acme");
    assertThat(config.gateway().uri()).isEqualTo("tcp://gateway.park.example:1883");
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/parkpulse-agent"));
    assertThat(config.store().maxBytes()).isEqualTo(256L << 20);
    assertThat(config.store().overflow()).isEqualTo(ReadingStore.Overflow.DROP_OLDEST);
    assertThat(config.machines()).hasSize(3);

    ModbusSettings press = (ModbusSettings) config.machines().get(0);
    assertThat(press.device().kafkaKey()).isEqualTo("acme/press-01");
    assertThat(press.groups()).hasSize(2);
    ModbusSettings.Point energy = press.groups().get(0).points().get(2);
    assertThat(energy.area()).isEqualTo(ModbusSettings.Area.INPUT_REGISTER);
    assertThat(energy.type()).isEqualTo(ModbusSettings.DataType.UINT32);
    assertThat(energy.order()).isEqualTo(ModbusSettings.ByteOrder.CDAB);
    assertThat(energy.scale()).isEqualTo(0.01);
    assertThat(energy.spec().kind()).isEqualTo(PointKind.ENERGY_ACTIVE_KWH);
    ModbusSettings.Point running = press.groups().get(0).points().get(4);
    assertThat(running.area()).isEqualTo(ModbusSettings.Area.COIL);
    assertThat(running.type()).isEqualTo(ModbusSettings.DataType.BOOL);
    assertThat(press.groups().get(1).interval()).isEqualTo(Duration.ofSeconds(10));

    OpcUaSettings oven = (OpcUaSettings) config.machines().get(1);
    assertThat(oven.security()).isEqualTo(OpcUaSettings.Security.BASIC256SHA256);
    assertThat(oven.password()).isEqualTo("change-me");
    assertThat(oven.points().get(0).nodeId()).isEqualTo("ns=2;s=Oven/Zone1/Temperature");
    assertThat(oven.points().get(0).samplingInterval()).isEqualTo(Duration.ofMillis(500));

    SimulatorSettings sim = (SimulatorSettings) config.machines().get(2);
    assertThat(sim.seed()).isEqualTo(7);
    assertThat(config.publish()).isEqualTo(new AgentConfig.Publish(20, 100));
  }

  @Test
  void theWindowHoldsAboutTwoThousandReadingsUnlessConfigured() throws Exception {
    String base =
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: line1
          secret: s3cret
        machines:
          - device: sim-01
            simulator: {}
        """;
    Path file = dir.resolve("agent.yaml");
    int[][] perMessageAndWindow = {{1, 128}, {10, 128}, {32, 62}, {100, 20}, {500, 16}};
    for (int[] row : perMessageAndWindow) {
      Files.writeString(file, base + "publish:\n  readings-per-message: " + row[0] + "\n");
      assertThat(ConfigLoader.load(file).publish().maxInflight())
          .as("%d readings a message", row[0])
          .isEqualTo(row[1]);
    }
    Files.writeString(file, base + "publish:\n  readings-per-message: 1\n  max-inflight: 16\n");
    assertThat(ConfigLoader.load(file).publish().maxInflight()).isEqualTo(16);
  }

  @Test
  void namesTheLineAndTheFixOfEveryProblemAtOnce() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        gateway:
          uri: http://gateway:1883
        device:
          enterprise: ACME
          id: line1
        machines:
          - device: press-01
            modbus:
              host: 10.0.0.5
              port: 70000
              groups:
                - interval: 1s
                  points:
                    - { name: power_kw, area: holding, address: 10, type: float }
                    - { name: "bad name", area: coil, address: 1, type: int16 }
          - device: oven-01
            opcua:
              endpoint: opc.tcp://10.0.0.6:4840
              securty: none
              points:
                - { name: temp_c, node: "Oven.Temp" }
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p).startsWith("agent.yaml line 2:").contains("ssl://"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("agent.yaml line 4:").contains("lowercase"))
                    .anySatisfy(p -> assertThat(p).contains("device.secret is required"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("agent.yaml line 10:").contains("65535"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 14:")
                                .contains("machines[0].modbus.groups[0].points[0].type is 'float'")
                                .contains("float32"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("agent.yaml line 15:").contains("bad name"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 15:")
                                .contains("coils and discrete inputs are bool"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 19:")
                                .contains("unknown key 'securty'"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("agent.yaml line 21:").contains("ns=2;s=")));
  }

  @Test
  void aWritablePointIsANumberWithBoundsOrABooleanWithout() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: line1
          secret: s3cret
        machines:
          - device: press-01
            modbus:
              host: 10.0.0.5
              groups:
                - interval: 1s
                  points:
                    - { name: setpoint_kw, area: holding, address: 10, type: uint16 }
                    - { name: pump_on, area: coil, address: 1, type: bool }
        commands:
          writable:
            - { device: press-01, point: setpoint_kw, type: text }
            - { device: press-01, point: pump_on, type: boolean, max: 1 }
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 18:")
                                .contains("must be number or boolean, not 'text'"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 19:")
                                .contains("do not apply to a boolean point")));

    Files.writeString(
        file,
        Files.readString(file)
            .replace("type: text", "min: 0, max: 20")
            .replace("type: boolean, max: 1", "type: boolean"));
    AgentConfig config = ConfigLoader.load(file);
    assertThat(config.writable())
        .extracting(AgentConfig.Writable::point, AgentConfig.Writable::bool)
        .containsExactly(tuple("setpoint_kw", false), tuple("pump_on", true));
  }

  @Test
  void readsBusesAndTheModbusRtuMachinesOnThem() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: line1
          secret: s3cret
        buses:
          - name: rs485-1
            port: /dev/ttyUSB0
            parity: even
          - name: rs485-2
            tcp: 192.168.1.50:4001
            baud: 19200
            data-bits: 7
            stop-bits: 2
            timeout: 500ms
            gap: 10ms
        machines:
          - device: pump-01
            modbus-rtu:
              bus: rs485-1
              unit: 3
              groups:
                - interval: 5s
                  points:
                    - { name: flow_m3h, area: holding, address: 0, type: float32, order: CDAB }
          - device: pump-02
            modbus-rtu:
              bus: rs485-1
              unit: 4
              groups:
                - points: [ { name: running, area: coil, address: 0 } ]
          - device: pump-03
            modbus-rtu:
              bus: rs485-2
              unit: 3
              groups:
                - points: [ { name: running, area: coil, address: 0 } ]
        commands:
          writable:
            - { device: pump-02, point: running, type: boolean }
        """);

    AgentConfig config = ConfigLoader.load(file);

    ModbusRtuSettings pump = (ModbusRtuSettings) config.machines().get(0);
    assertThat(pump.device().kafkaKey()).isEqualTo("acme/pump-01");
    assertThat(pump.bus()).isEqualTo("rs485-1");
    assertThat(pump.unitId()).isEqualTo(3);
    assertThat(pump.groups().get(0).interval()).isEqualTo(Duration.ofSeconds(5));
    ModbusSettings.Point flow = pump.groups().get(0).points().get(0);
    assertThat(flow.type()).isEqualTo(ModbusSettings.DataType.FLOAT32);
    assertThat(flow.order()).isEqualTo(ModbusSettings.ByteOrder.CDAB);
    // 8E1 is 11 bits a character: 3.5 characters at 9600 baud take 4.01 ms.
    assertThat(pump.line())
        .isEqualTo(
            new SerialSettings(
                "/dev/ttyUSB0",
                null,
                0,
                9600,
                8,
                SerialSettings.Parity.EVEN,
                1,
                Duration.ofSeconds(1),
                Duration.ofNanos(4_010_417)));
    assertThat(((ModbusRtuSettings) config.machines().get(1)).line()).isSameAs(pump.line());
    assertThat(((ModbusRtuSettings) config.machines().get(2)).line())
        .isEqualTo(
            new SerialSettings(
                null,
                "192.168.1.50",
                4001,
                19200,
                7,
                SerialSettings.Parity.NONE,
                2,
                Duration.ofMillis(500),
                Duration.ofMillis(10)));

    // At 19200 baud 8N1, 3.5 characters take 1.8 ms: the gap is 2 ms at least.
    Files.writeString(
        file,
        Files.readString(file)
            .replace("    baud: 19200\n    data-bits: 7\n    stop-bits: 2\n", "    baud: 19200\n")
            .replace("    gap: 10ms\n", ""));
    assertThat(((ModbusRtuSettings) ConfigLoader.load(file).machines().get(2)).line().gap())
        .isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void namesUnknownBusesSharedAddressesAndBadSerialSettingsWithTheirLines() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: line1
          secret: s3cret
        buses:
          - name: rs485-1
            port: /dev/ttyUSB0
            parity: mark
            data-bits: 9
          - name: rs485-2
            port: /dev/ttyUSB1
            tcp: 10.0.0.9:4001
          - name: rs485-3
            tcp: 10.0.0.9
          - name: rs485-4
            baud: 9600
          - name: rs485-5
            port: /dev/ttyUSB0
        machines:
          - device: pump-01
            modbus-rtu:
              bus: rs485-1
              unit: 3
              groups: [ { points: [ { name: running, area: coil, address: 0 } ] } ]
          - device: pump-02
            modbus-rtu:
              bus: rs485-1
              unit: 3
              groups: [ { points: [ { name: running, area: coil, address: 0 } ] } ]
          - device: pump-03
            modbus-rtu:
              bus: rs485-9
              unit: 248
              groups: [ { points: [ { name: running, area: coil, address: 0 } ] } ]
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 10:")
                                .contains(
                                    "buses[0].parity is 'mark'; write one of none, even, odd"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 11:")
                                .contains("buses[0].data-bits is '9'; write a whole number from 7"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 14:")
                                .contains("buses[1].port and buses[1].tcp are both given"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 16:")
                                .contains("buses[2].tcp is '10.0.0.9'; write the serial server's"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 17:")
                                .contains(
                                    "buses[3].port is required; write e.g. port: /dev/ttyUSB0"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 20:")
                                .contains(
                                    "buses[4].port /dev/ttyUSB0 is also bus rs485-1's; one line is"
                                        + " one bus"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 30:")
                                .contains(
                                    "machines[1].modbus-rtu.unit: Modbus unit 3 on bus rs485-1 is"
                                        + " also pump-01's"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 34:")
                                .contains(
                                    "machines[2].modbus-rtu.bus names bus 'rs485-9', which is not"
                                        + " under buses (rs485-1, rs485-2, rs485-3, rs485-4,"
                                        + " rs485-5)"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 35:")
                                .contains("machines[2].modbus-rtu.unit is '248'")));
  }

  @Test
  void readsDlt645MetersWithTheirIdentifiersDefaultsAndRefusesWhatAMeterCannotBe()
      throws Exception {
    Path file = dir.resolve("agent.yaml");
    String meters =
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: line1
          secret: s3cret
        buses:
          - name: meters
            port: /dev/ttyUSB1
            baud: 2400
            parity: even
        machines:
          - device: meter-01
            dlt645:
              bus: meters
              address: "000000123456"
              points:
                - { data: "00000000" }
                - { data: "02010100", name: voltage_l1_v, unit: kV, kind: generic }
          - device: meter-02
            dlt645:
              bus: meters
              address: 000000654321
              interval: 1m
              points: [ { data: "02030000" } ]
        """;
    Files.writeString(file, meters);

    AgentConfig config = ConfigLoader.load(file);

    Dlt645Settings meter = (Dlt645Settings) config.machines().get(0);
    assertThat(meter.bus()).isEqualTo("meters");
    assertThat(meter.line().describe()).isEqualTo("/dev/ttyUSB1 2400 8E1");
    assertThat(meter.address()).isEqualTo(MeterAddress.of("000000123456"));
    assertThat(meter.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(meter.points())
        .extracting(p -> p.spec().name(), p -> p.spec().unit(), p -> p.spec().kind(), p -> p.data())
        .containsExactly(
            tuple("energy_kwh", "kWh", PointKind.ENERGY_ACTIVE_KWH, DataId.COMBINED_ACTIVE_ENERGY),
            tuple("voltage_l1_v", "kV", PointKind.GENERIC, DataId.VOLTAGE_A));
    Dlt645Settings other = (Dlt645Settings) config.machines().get(1);
    assertThat(other.address().digits()).isEqualTo("000000654321");
    assertThat(other.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(other.points().get(0).spec().kind()).isEqualTo(PointKind.POWER_ACTIVE_KW);

    Files.writeString(
        file,
        meters
                .replace("000000654321", "000000123456")
                .replace("{ data: \"02030000\" }", "{ data: \"02030001\" }")
                .replace(
                    "address: \"000000123456\"\n      points:", "address: \"12345\"\n      points:")
            + """
            commands:
              writable:
                - { device: meter-02, point: active_power_kw }
            """);
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 16:")
                                .contains(
                                    "machines[0].dlt645.address: a DL/T 645 meter address has 12"
                                        + " digits"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 25:")
                                .contains("machines[1].dlt645.points[0].data is '02030001'")
                                .contains("02010100 (phase A voltage)"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 28:")
                                .contains("meter-02' is a DL/T 645 meter: its points are read")));

    Files.writeString(file, meters.replace("000000654321", "000000123456"));
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("agent.yaml line 23:")
                    .contains(
                        "machines[1].dlt645.address: DL/T 645 meter 000000123456 on bus meters is"
                            + " also meter-01's"));
  }

  @Test
  void pointsAtTheLineOfAYamlSyntaxError() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "gateway:\n  uri: tcp://gw:1883\n device: [\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("agent.yaml line 3")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void readsGnssReceiversOnASerialPortOrOverTcp() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: yard-gateway
          secret: s3cret
        machines:
          - device: forklift-07
            gnss:
              tcp: 192.168.1.20:9001
          - device: forklift-08
            gnss:
              port: /dev/ttyUSB1
              baud: 115200
              data-bits: 7
              parity: even
              stop-bits: 2
              timeout: 500ms
              interval: 2s
              min-move-metres: 2.5
              still-every: 5m
        """);

    AgentConfig config = ConfigLoader.load(file);

    GnssSettings overTcp = (GnssSettings) config.machines().get(0);
    assertThat(overTcp.device().device()).isEqualTo("forklift-07");
    assertThat(overTcp.line().overTcp()).isTrue();
    assertThat(overTcp.line().host()).isEqualTo("192.168.1.20");
    assertThat(overTcp.line().tcpPort()).isEqualTo(9001);
    assertThat(overTcp.line().baud()).isEqualTo(9600);
    assertThat(overTcp.line().timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(overTcp.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(overTcp.minMoveMetres()).isEqualTo(5.0);
    assertThat(overTcp.stillEvery()).isEqualTo(Duration.ofSeconds(60));

    GnssSettings onPort = (GnssSettings) config.machines().get(1);
    assertThat(onPort.line().device()).isEqualTo("/dev/ttyUSB1");
    assertThat(onPort.line().describe()).isEqualTo("/dev/ttyUSB1 115200 7E2");
    assertThat(onPort.line().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(onPort.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(onPort.minMoveMetres()).isEqualTo(2.5);
    assertThat(onPort.stillEvery()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theGapOfASerialLineIsThreeAndAHalfCharactersAndAtLeastTwoMilliseconds() throws Exception {
    Path file = dir.resolve("agent.yaml");
    String base =
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: yard-gateway
          secret: s3cret
        machines:
          - device: forklift-07
            gnss:
              port: /dev/ttyUSB1
        """;
    Files.writeString(file, base + "      baud: 1200\n      parity: odd\n");
    SerialSettings slow = ((GnssSettings) ConfigLoader.load(file).machines().get(0)).line();
    // 11 bits a character (start, 8 data, parity, stop): 3.5 * 11 / 1200 s
    assertThat(slow.gap()).isEqualTo(Duration.ofNanos(32_083_334));

    Files.writeString(file, base + "      baud: 115200\n");
    assertThat(((GnssSettings) ConfigLoader.load(file).machines().get(0)).line().gap())
        .isEqualTo(Duration.ofMillis(2));

    Files.writeString(file, base + "      gap: 10ms\n");
    assertThat(((GnssSettings) ConfigLoader.load(file).machines().get(0)).line().gap())
        .isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void namesWhatIsWrongWithAGnssReceiversLine() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        gateway:
          uri: tcp://gateway:1883
        device:
          enterprise: acme
          id: yard-gateway
          secret: s3cret
        machines:
          - device: forklift-01
            gnss:
              port: /dev/ttyUSB1
              tcp: 192.168.1.20:9001
          - device: forklift-02
            gnss:
              baud: 9600
          - device: forklift-03
            gnss:
              tcp: 192.168.1.20
              data-bits: 9
              parity: mark
          - device: forklift-04
            gnss:
              port: /dev/ttyUSB0
              min-move: 5m
              min-move-metres: -1
              still-every: 0s
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 11:")
                                .contains("machines[0].gnss.port and machines[0].gnss.tcp")
                                .contains("not both"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 14:")
                                .contains("machines[1].gnss.port is required")
                                .contains("tcp: "))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("agent.yaml line 17:").contains("host:port"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("agent.yaml line 18:").contains("7 to 8"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 19:")
                                .contains("none, even, odd"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 23:")
                                .contains("unknown key 'min-move'")
                                .contains("min-move-metres"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 24:")
                                .contains("metres, 0 or more"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("agent.yaml line 25:")
                                .contains("still-every is '0s'")));
  }
}
