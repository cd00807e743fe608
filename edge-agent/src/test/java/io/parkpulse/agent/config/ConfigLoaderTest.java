package io.parkpulse.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.parkpulse.agent.collect.gnss.GnssSettings;
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
    assertThat(oven.points().get(0).nodeId()).isEqualTo("ns=2;s=Oven/Zone1/Temperature");
    assertThat(oven.points().get(0).samplingInterval()).isEqualTo(Duration.ofMillis(500));

    SimulatorSettings sim = (SimulatorSettings) config.machines().get(2);
    assertThat(sim.seed()).isEqualTo(7);
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
