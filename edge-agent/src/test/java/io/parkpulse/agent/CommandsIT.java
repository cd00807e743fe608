package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's commands as the gateway delivers them ({@code command///req/{id}/{name}}), here
 * through a real MQTT broker, against a running agent that reads a simulator and a real Modbus
 * device.
 */
class CommandsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work = TestDirs.create("agent-commands");
  private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private ManagedProcess broker;
  private ModbusSlave slave;
  private SimpleProcessImage image;
  private MqttClient operator;
  private Thread agent;
  private Path config;
  private int modbusPort;

  @BeforeEach
  void start() throws Exception {
    int port = Ports.free();
    broker = new Apps(work).mosquitto(port, work.resolve("mosquitto"));
    modbusPort = Ports.free();
    image = new SimpleProcessImage(1);
    for (int i = 0; i < 10; i++) {
      image.addRegister(new SimpleRegister(0));
    }
    slave =
        ModbusSlaveFactory.createTCPSlave(
            InetAddress.getLoopbackAddress(), modbusPort, 5, false, 0);
    slave.addProcessImage(1, image);
    slave.open();

    config = work.resolve("agent.yaml");
    Files.writeString(config, yaml(port, false));
    agent = new Thread(new Agent(ConfigLoader.load(config)), "agent");
    agent.start();

    operator = new MqttClient("tcp://127.0.0.1:" + port, "operator", new MemoryPersistence());
    operator.connect();
    operator.subscribe(
        "command///res/#",
        1,
        (topic, message) -> {
          String[] parts = topic.split("/");
          answers.put(parts[4], JSON.readTree(message.getPayload()));
          statuses.put(parts[4], Integer.parseInt(parts[5]));
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> status("warm-up") == 200);
  }

  @AfterEach
  void stop() throws Exception {
    agent.interrupt();
    agent.join(10_000);
    operator.disconnect();
    operator.close();
    slave.close();
    broker.close();
  }

  @Test
  void statusTellsTheStoreAndEachMachine() throws Exception {
    JsonNode status = send("s1", "status", "");
    assertThat(statuses.get("s1")).isEqualTo(200);
    assertThat(status.get("connected").asBoolean()).isTrue();
    assertThat(status.at("/machines/sim-01/ok").asBoolean()).isTrue();
    assertThat(status.at("/machines/press-01").isObject()).isTrue();
    send("s2", "no-such-command", "");
    assertThat(statuses.get("s2")).isEqualTo(404);
    assertThat(answers.get("s2").get("error").asText()).contains("known: status, reload");
  }

  @Test
  void setIntervalChangesHowOftenAMachineIsRead() throws Exception {
    long before = send("i0", "status", "").at("/machines/sim-01/readings").asLong();
    send("i1", "set-interval", "{\"device\": \"sim-01\", \"interval\": \"20ms\"}");
    assertThat(statuses.get("i1")).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> send("i2", "status", "").at("/machines/sim-01/lastSeq").asLong() > before + 50);
    send("i3", "set-interval", "{\"device\": \"nope\", \"interval\": \"1s\"}");
    assertThat(statuses.get("i3")).isEqualTo(404);
    send("i4", "set-interval", "{\"device\": \"sim-01\", \"interval\": \"soon\"}");
    assertThat(statuses.get("i4")).isEqualTo(400);
  }

  @Test
  void reloadStartsNewMachinesAndRefusesABrokenFile() throws Exception {
    Files.writeString(config, yaml(brokerPort(), true));
    send("r1", "reload", "");
    assertThat(statuses.get("r1")).as(String.valueOf(answers.get("r1"))).isEqualTo(200);
    assertThat(answers.get("r1").get("machines").asInt()).isEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> send("r2", "status", "").at("/machines/sim-02/readings").asLong() > 0);

    Files.writeString(config, Files.readString(config).replace("interval: 1s", "interval: often"));
    send("r3", "reload", "");
    assertThat(statuses.get("r3")).isEqualTo(400);
    assertThat(answers.get("r3").get("problems").get(0).asText()).contains("agent.yaml line");
  }

  @Test
  void writeSetsOnlyAllowListedPointsWithinBounds() throws Exception {
    send("w1", "write", "{\"device\": \"press-01\", \"point\": \"setpoint_kw\", \"value\": 12.5}");
    assertThat(statuses.get("w1")).as(String.valueOf(answers.get("w1"))).isEqualTo(200);
    // setpoint_kw is uint16 with scale 0.1: 12.5 kW is 125 in the register.
    assertThat(image.getRegister(0).getValue()).isEqualTo(125);

    send("w2", "write", "{\"device\": \"press-01\", \"point\": \"setpoint_kw\", \"value\": 99}");
    assertThat(statuses.get("w2")).isEqualTo(400);
    assertThat(image.getRegister(0).getValue()).isEqualTo(125);

    send("w3", "write", "{\"device\": \"press-01\", \"point\": \"speed\", \"value\": 1}");
    assertThat(statuses.get("w3")).isEqualTo(403);
    assertThat(answers.get("w3").get("error").asText()).contains("commands.writable");
    // A boolean to a number point is refused, not written as 1 or 0 past the bounds.
    send("w4", "write", "{\"device\": \"press-01\", \"point\": \"setpoint_kw\", \"value\": true}");
    assertThat(statuses.get("w4")).isEqualTo(400);
    assertThat(answers.get("w4").get("error").asText()).contains("must be a number");
    assertThat(image.getRegister(0).getValue()).isEqualTo(125);
  }

  private int brokerPort() throws Exception {
    String text = Files.readString(config);
    int at = text.indexOf("tcp://127.0.0.1:") + "tcp://127.0.0.1:".length();
    return Integer.parseInt(text.substring(at, text.indexOf('\n', at)));
  }

  private String yaml(int port, boolean secondSimulator) {
    return String.join(
        "\n",
        "gateway:",
        "  uri: tcp://127.0.0.1:" + port,
        "device:",
        "  enterprise: acme",
        "  id: line1",
        "  secret: s3cret",
        "state-dir: state",
        "machines:",
        "  - device: sim-01",
        "    simulator: { interval: 1s }",
        "  - device: press-01",
        "    modbus:",
        "      host: 127.0.0.1",
        "      port: " + modbusPort,
        "      groups:",
        "        - interval: 1s",
        "          points:",
        "            - { name: setpoint_kw, area: holding, address: 0, type: uint16, scale: 0.1 }",
        "            - { name: speed, area: holding, address: 1, type: uint16 }",
        secondSimulator ? "  - device: sim-02\n    simulator: { interval: 200ms }" : "",
        "commands:",
        "  writable:",
        "    - { device: press-01, point: setpoint_kw, min: 0, max: 20 }",
        "");
  }

  private JsonNode send(String id, String name, String payload) throws Exception {
    answers.remove(id);
    operator.publish(
        "command///req/" + id + "/" + name, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    await().atMost(Duration.ofSeconds(10)).until(() -> answers.containsKey(id));
    return answers.get(id);
  }

  private int status(String id) throws Exception {
    try {
      send(id, "status", "");
      return statuses.getOrDefault(id, 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return 0;
    }
  }
}
