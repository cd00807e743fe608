package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code parkpulse-agent check} as the technician runs it, on the packaged jar. */
class CheckCommandIT {

  private static final Path JAR = Path.of("target", "parkpulse-edge-agent.jar").toAbsolutePath();

  private final Path work = TestDirs.create("agent-check");

  @Test
  void passesWhenTheGatewayAnswersAndNamesWhatFailsWhenItDoesNot() throws Exception {
    int port = Ports.free();
    try (ManagedProcess broker = new Apps(work).mosquitto(port, work.resolve("mosquitto"))) {
      Result ok = check(config("tcp://127.0.0.1:" + port));
      assertThat(ok.exit).as(ok.output).isZero();
      assertThat(ok.output)
          .contains("configuration ok")
          .contains("ok    gateway tcp://127.0.0.1:" + port + " as line1@acme")
          .contains("ok    machine sim-01");
    }
    Result down = check(config("tcp://127.0.0.1:" + Ports.free()));
    assertThat(down.exit).as(down.output).isEqualTo(1);
    assertThat(down.output).contains("FAIL  gateway").contains("cannot reach the gateway");
  }

  @Test
  void listsEveryConfigurationProblemWithItsLine() throws Exception {
    Path file = work.resolve("broken.yaml");
    Files.writeString(
        file, "gateway:\n  uri: tcp://gw:1883\ndevice:\n  enterprise: acme\n  id: line1\n");

    Result result = check(file);

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.output)
        .contains("broken.yaml line 4: device.secret is required")
        .contains("machines is empty");
  }

  private Path config(String uri) throws Exception {
    Path file = work.resolve("agent.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "gateway:",
            "  uri: " + uri,
            "device:",
            "  enterprise: acme",
            "  id: line1",
            "  secret: s3cret",
            "machines:",
            "  - device: sim-01",
            "    simulator: { interval: 1s }",
            ""));
    return file;
  }

  private record Result(int exit, String output) {}

  private static Result check(Path file) throws Exception {
    List<String> command =
        new ArrayList<>(ManagedProcess.javaCommand(List.of(), "-jar", JAR.toString()));
    command.addAll(List.of("check", file.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
