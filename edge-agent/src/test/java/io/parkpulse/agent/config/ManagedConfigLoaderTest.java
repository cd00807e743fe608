package io.parkpulse.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.agent.collect.opcua.OpcUaSettings;
import io.parkpulse.agent.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agent.yaml's secrets, and a managed configuration loaded with agent.yaml's local part. */
class ManagedConfigLoaderTest {

  private static final String LOCAL =
      """
      gateway:
        uri: tcp://gateway.test:1883
      device:
        enterprise: acme
        id: line1
        secret: the-secret
      secrets:
        oven-01-opcua: "s3cret"
        oven-01-user: operator
      machines:
        - device: sim-01
          simulator: { interval: 1s }
      """;

  @TempDir Path dir;

  @Test
  void takesTheMachinesFromTheManagedDocumentAndTheRestFromAgentYaml() throws Exception {
    Path file = write(LOCAL);
    String text =
        """
        machines:
          - device: sim-02
            simulator: { interval: 200ms, seed: 9 }
          - device: sim-03
            simulator: {}
        commands:
          writable: []
        """;

    AgentConfig config = ConfigLoader.load(file, new ConfigLoader.Managed(7, text));

    assertThat(config.device().username()).isEqualTo("line1@acme");
    assertThat(config.gateway().uri()).isEqualTo("tcp://gateway.test:1883");
    assertThat(config.machines())
        .extracting(m -> m.device().device())
        .containsExactly("sim-02", "sim-03");
    assertThat(((SimulatorSettings) config.machines().get(0)).seed()).isEqualTo(9);
    assertThat(config.configVersion()).isEqualTo(7);
    assertThat(config.configHash()).isEqualTo(sha256(text)).hasSize(64);
  }

  @Test
  void withoutAManagedDocumentTheVersionIsZeroAndTheHashIsAgentYamls() throws Exception {
    Path file = write(LOCAL);

    AgentConfig config = ConfigLoader.load(file);

    assertThat(config.configVersion()).isZero();
    assertThat(config.configHash()).isEqualTo(sha256(LOCAL));
    assertThat(config.machines()).extracting(m -> m.device().device()).containsExactly("sim-01");
  }

  @Test
  void namesTheManagedDocumentAndItsLinesInItsProblems() throws Exception {
    Path file = write(LOCAL);
    String text =
        """
        machines:
          - device: sim-02
            simulator:
              interval: often
          - device: Bad_Id
            simulator: {}
        """;

    assertThatThrownBy(() -> ConfigLoader.load(file, new ConfigLoader.Managed(7, text)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "managed-v7.yaml line 4: machines[0].simulator.interval is 'often'; write"
                            + " a duration like 500ms, 1s or 5m",
                        "managed-v7.yaml line 5: machines[1].device is 'Bad_Id'; ids are"
                            + " lowercase letters, digits and '-', 2 to 63 characters, as shown in"
                            + " the portal"));
  }

  @Test
  void refusesWhatOnlyAgentYamlSetsAndUnknownKeysInAManagedDocument() throws Exception {
    Path file = write(LOCAL);
    String text =
        """
        machines:
          - device: sim-02
            simulator: {}
        gateway:
          uri: tcp://elsewhere:1883
        secrets:
          x: y
        colour: blue
        """;

    assertThatThrownBy(() -> ConfigLoader.load(file, new ConfigLoader.Managed(3, text)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "managed-v3.yaml line 4: gateway is set in agent.yaml on the controller,"
                            + " not remotely",
                        "managed-v3.yaml line 6: secrets is set in agent.yaml on the controller,"
                            + " not remotely",
                        "managed-v3.yaml line 8: unknown key 'colour'; a managed configuration has"
                            + " only buses, machines, commands"));
  }

  @Test
  void aManagedDocumentWithoutMachinesIsRefused() throws Exception {
    Path file = write(LOCAL);

    assertThatThrownBy(() -> ConfigLoader.load(file, new ConfigLoader.Managed(2, "commands: {}\n")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("managed-v2.yaml line 1: machines is empty"));
  }

  @Test
  void resolvesSecretReferencesOfOpcUaCredentialsFromAgentYaml() throws Exception {
    Path file = write(LOCAL);
    String text =
        """
        machines:
          - device: oven-01
            opcua:
              endpoint: opc.tcp://192.0.2.2:4840
              username: ${secret:oven-01-user}
              password: ${secret:oven-01-opcua}
              points:
                - { name: temperature_c, node: "ns=2;s=Oven/Temperature" }
        """;

    AgentConfig config = ConfigLoader.load(file, new ConfigLoader.Managed(1, text));

    OpcUaSettings oven = (OpcUaSettings) config.machines().get(0);
    assertThat(oven.username()).isEqualTo("operator");
    assertThat(oven.password()).isEqualTo("s3cret");
  }

  @Test
  void namesTheLineOfAnUnknownSecretAndHowToAddIt() throws Exception {
    Path file =
        write(
            LOCAL.replace(
                "machines:\n  - device: sim-01\n    simulator: { interval: 1s }\n",
                """
                machines:
                  - device: oven-01
                    opcua:
                      endpoint: opc.tcp://192.0.2.2:4840
                      username: operator
                      password: ${secret:oven-02-opcua}
                      points:
                        - { name: temperature_c, node: "ns=2;s=Oven/Temperature" }
                """));

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "agent.yaml line 15: machines[0].opcua.password refers to secret"
                            + " 'oven-02-opcua', which is not under secrets in agent.yaml; add it"
                            + " there on the controller, e.g. secrets: { oven-02-opcua: \"...\" }"
                            + " (known: oven-01-opcua, oven-01-user)"));
  }

  @Test
  void aReferenceMixedWithOtherTextIsRefused() throws Exception {
    Path file = write(LOCAL);
    String text =
        """
        machines:
          - device: oven-01
            opcua:
              endpoint: opc.tcp://192.0.2.2:4840
              username: operator
              password: pre-${secret:oven-01-opcua}
              points:
                - { name: temperature_c, node: "ns=2;s=Oven/Temperature" }
        """;

    assertThatThrownBy(() -> ConfigLoader.load(file, new ConfigLoader.Managed(4, text)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("managed-v4.yaml line 6: machines[0].opcua.password is")
                    .endsWith("write a secret reference alone, as ${secret:NAME}"));
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
