package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway with another MQTT implementation than the agent's: Mosquitto's command-line client,
 * over MQTT 3.1.1 and 5. Needs {@code mosquitto_pub} (Debian package mosquitto-clients, which
 * .ci/run installs).
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class MosquittoClientIT {

  private static final String TELEMETRY = ParkTopic.telemetry(GatewayTestResource.PARK).name();
  private static final String READING =
      "{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}";

  @Inject GatewayLifecycle gateway;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @BeforeAll
  static void requireMosquittoClients() {
    boolean installed =
        List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
            .anyMatch(dir -> new File(dir, "mosquitto_pub").canExecute());
    assumeTrue(installed, "mosquitto_pub is not installed: apt-get install mosquitto-clients");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mqttv311", "mqttv5"})
  void storesQos1TelemetryFromMosquittoPub(String protocol) throws Exception {
    String device = "mosq-" + protocol.substring(5);
    Result result =
        mosquittoPub(
            protocol,
            device + "@acme",
            "telemetry",
            "{\"seq\": 5, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"power_kw\": 4.5}}");

    assertThat(result.exitCode()).as(result.output()).isZero();
    var stored = TopicReader.readAll(TELEMETRY, "acme/" + device);
    assertThat(stored).hasSize(1);
    assertThat(new TelemetryCodec().decode(stored.get(0).value()).metrics())
        .containsEntry("power_kw", 4.5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mqttv311", "mqttv5"})
  void refusesAUsernameThatIsNotDeviceAtEnterprise(String protocol) throws Exception {
    Result result = mosquittoPub(protocol, "anonymous-device", "telemetry", "{}");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output().toLowerCase()).contains("bad user name or password");
  }

  @Test
  void answersAnUnsupportedTopicWithReasonCodeTopicNameInvalidOverMqtt5() throws Exception {
    Result result = mosquittoPub("mqttv5", "mosq-wrong-5@acme", "status/now", READING);

    assertThat(result.output()).contains("Topic Name invalid");
    assertThat(TopicReader.readAll(TELEMETRY, "acme/mosq-wrong-5")).isEmpty();
  }

  @Test
  void answersAnotherTenantsTopicWithReasonCodeNotAuthorizedOverMqtt5() throws Exception {
    Result result =
        mosquittoPub("mqttv5", "mosq-nosy-5@acme", "telemetry/globex/mosq-nosy-5", READING);

    assertThat(result.output()).contains("Not authorized");
    assertThat(TopicReader.readAll(TELEMETRY, "globex/mosq-nosy-5")).isEmpty();
    assertThat(TopicReader.readAll(TELEMETRY, "acme/mosq-nosy-5")).isEmpty();
  }

  @Test
  void disconnectsAnMqtt311ClientPublishingOnAnUnsupportedTopic() throws Exception {
    Result result =
        mosquittoPub("mqttv311", "mosq-wrong-311@acme", "telemetry/other-tenant/x", READING);

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(TopicReader.readAll(TELEMETRY, "acme/mosq-wrong-311")).isEmpty();
  }

  private record Result(int exitCode, String output) {}

  private Result mosquittoPub(String protocol, String username, String topic, String message)
      throws IOException, InterruptedException {
    if (username.contains("@")) {
      TestDevices.register(gateway.registry(), username, GatewayTestResource.PARK);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(gateway.mqttPort()),
                "-V",
                protocol,
                "-q",
                "1",
                "-i",
                username.replace('@', '-') + "-" + protocol,
                "-u",
                username,
                "-P",
                TestDevices.SECRET,
                "-t",
                topic,
                "-m",
                message));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("mosquitto_pub did not finish: " + command);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }
}
