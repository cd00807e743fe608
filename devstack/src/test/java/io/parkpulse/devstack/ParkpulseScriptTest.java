package io.parkpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./parkpulse test} on a machine with only a JDK and Maven: it says what is missing and the
 * command that installs it before Maven runs, and runs Maven once nothing is missing. The PATH
 * holds only the tools the script itself uses, the real {@code java}, and a stand-in {@code mvn}
 * that records that it ran.
 */
class ParkpulseScriptTest {

  private static final Path SCRIPT = Path.of("..", "parkpulse").toAbsolutePath().normalize();

  private Path bin;
  private Path mavenRan;

  @BeforeEach
  void aMachineWithOnlyJavaAndMaven() throws IOException {
    bin = TestDirs.create("script-path");
    for (String tool : List.of("bash", "dirname", "id", "sort", "tr")) {
      Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
    }
    Files.createSymbolicLink(bin.resolve("java"), onPath("java"));
    mavenRan = bin.resolve("maven-ran");
    executable("mvn", "echo \"$@\" > " + mavenRan);
  }

  @Test
  void withoutMosquittoItStopsBeforeMavenAndNamesThePackage() throws Exception {
    Result result = run(Map.of());

    assertThat(result.exit).isEqualTo(3);
    assertThat(result.output)
        .contains("./parkpulse test cannot start. This machine lacks:")
        .contains("mosquitto (the edge agent's tests start it)");
    // The one command that installs it, or, where Debian put it outside this PATH, how to reach it.
    assertThat(
            result.output.contains("apt-get install -y mosquitto mosquitto-clients")
                || result.output.contains("PATH=\"$PATH:/usr/sbin\" ./parkpulse test"))
        .as(result.output)
        .isTrue();
    assertThat(mavenRan).doesNotExist();
  }

  @Test
  void inCiItAlsoNamesTheBrowserAndClientToolsItLacks() throws Exception {
    Result result = run(Map.of("CI", "true"));

    assertThat(result.exit).isEqualTo(3);
    assertThat(result.output).contains("  - mosquitto_pub\n", "  - openssl\n");
    assertThat(mavenRan).doesNotExist();
  }

  @Test
  void withMosquittoItRunsMavenVerifyWithTheGivenArguments() throws Exception {
    executable("mosquitto", "exit 0");

    Result result = run(Map.of(), "-pl", "model");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(Files.readString(mavenRan)).isEqualTo("-B verify -pl model\n");
  }

  private record Result(int exit, String output) {}

  private Result run(Map<String, String> extraEnv, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().addAll(List.of(bin.resolve("bash").toString(), SCRIPT.toString(), "test"));
    builder.command().addAll(List.of(args));
    builder.environment().clear();
    builder.environment().put("PATH", bin.toString());
    builder.environment().putAll(extraEnv);
    Process process = builder.redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./parkpulse test did not finish");
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private void executable(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!" + bin.resolve("bash") + "\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Path onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IllegalStateException(tool + " is not on the PATH of the test");
  }
}
