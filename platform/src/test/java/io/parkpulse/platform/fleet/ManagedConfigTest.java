package io.parkpulse.platform.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedConfigTest {

  private static final String GOOD =
      """
      machines:
        - device: press-01
          simulator: { interval: 1s }
        - device: oven-01
          opcua:
            endpoint: opc.tcp://10.0.0.5:4840
            username: ${secret:oven-user}
            password: ${secret:oven-01-opcua}
            points:
              - { name: t, node: "ns=2;s=T" }
      commands:
        writable:
          - { device: press-01, point: setpoint_kw, min: 0, max: 10 }
      """;

  @Test
  void acceptsMachinesBusesAndCommandsWithReferencedSecrets() {
    assertThat(ManagedConfig.problems(GOOD)).isEmpty();
  }

  @Test
  void refusesAWrittenOutSecretNamingItsLineNotItsValue() {
    String text = GOOD.replace("${secret:oven-01-opcua}", "hunter2-secret");

    List<String> problems = ManagedConfig.problems(text);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("line 8: a password or secret is written out");
    assertThat(problems.get(0)).doesNotContain("hunter2");
  }

  @Test
  void refusesASecretHiddenInAListOrMappingUnderThePasswordKey() {
    assertThat(
            ManagedConfig.problems(
                "machines:\n  - device: a\n    opcua:\n      password: [x]\n      secret: {a: b}\n"))
        .hasSize(2)
        .allMatch(p -> p.contains("is written out"));
  }

  @Test
  void refusesWhatIsSetOnTheControllerOnly() {
    List<String> problems =
        ManagedConfig.problems(
            "gateway:\n  uri: tcp://evil:1883\nmachines:\n  - device: a\n    simulator: {}\n");

    assertThat(problems)
        .containsExactly(
            "line 1: 'gateway' is set in agent.yaml on the controller, not remotely; a managed"
                + " configuration holds only buses, machines, commands");
  }

  @Test
  void refusesNoMachinesBadYamlAndOtherShapes() {
    assertThat(ManagedConfig.problems(""))
        .containsExactly("the configuration is empty; list at least machines");
    assertThat(ManagedConfig.problems("commands: {}\n"))
        .containsExactly("machines is missing or empty; list at least one machine");
    assertThat(ManagedConfig.problems("machines: [\n"))
        .singleElement()
        .asString()
        .contains("not valid YAML");
    assertThat(ManagedConfig.problems("- a\n- b\n"))
        .singleElement()
        .asString()
        .startsWith("line 1: the configuration must be a mapping");
    assertThat(ManagedConfig.problems("machines:\n" + "  - x\n".repeat(6000)))
        .singleElement()
        .asString()
        .contains("at most 32768");
  }

  @Test
  void refusesSecretsWrittenInAnyCaseOrQuotedAndASecretsMapping() {
    String text =
        "machines:\n  - device: a\n    opcua:\n      Password: hunter2\n"
            + "      \"secret\": x\n"
            + "secrets:\n  oven: y\n";

    assertThat(ManagedConfig.problems(text))
        .filteredOn(p -> p.contains("is written out"))
        .hasSize(3)
        .noneMatch(p -> p.contains("hunter2"));
  }

  @Test
  void anAliasOfItsOwnParentIsWalkedOnce() {
    assertThat(ManagedConfig.problems("machines: &m\n  - device: a\n    list: *m\n")).isEmpty();
  }

  @Test
  void redactsEveryWayOfWritingASecretButNotReferences() {
    String text =
        "machines:\n"
            + "  - opcua: {password: \"hunter2, two\", endpoint: x}\n"
            + "    \"Password\": 's3#cr3t' # the key\n"
            + "    secret: |\n"
            + "      block-s3cret\n"
            + "    username: u\n"
            + "    password: ${secret:ok}\n"
            + "secrets:\n"
            + "  oven-01-opcua: \"pasted\"\n";

    String redacted = ManagedConfig.redact(text);

    assertThat(redacted)
        .isEqualTo(
            "machines:\n"
                + "  - opcua: {password: ******, endpoint: x}\n"
                + "    \"Password\": ****** # the key\n"
                + "    secret: ******\n"
                + "    username: u\n"
                + "    password: ${secret:ok}\n"
                + "secrets:\n"
                + "  ******\n");
  }

  @Test
  void redactsWhatIsNotYamlLineByLine() {
    assertThat(ManagedConfig.redact("machines: [\n  password: hunter2\n  Secret: 'x'\n"))
        .isEqualTo("machines: [\n  password: ******\n  Secret: ******\n");
  }
}
