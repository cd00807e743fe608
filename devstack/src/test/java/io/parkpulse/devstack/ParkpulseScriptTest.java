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
 * command that installs it before Maven runs, and runs Maven once nothing is missing. {@code
 * ./parkpulse images} stops before building when there is no container engine to use, and otherwise
 * tags each image with the registry and the Maven version. The PATH holds only the tools the script
 * itself uses, the real {@code java}, and stand-ins for {@code mvn} and {@code docker} that record
 * that they ran.
 */
class ParkpulseScriptTest {

  private static final Path SCRIPT = Path.of("..", "parkpulse").toAbsolutePath().normalize();

  private Path bin;
  private Path mavenRan;

  @BeforeEach
  void aMachineWithOnlyJavaAndMaven() throws IOException {
    bin = TestDirs.create("script-path");
    for (String tool : List.of("bash", "cat", "dirname", "id", "sed", "sort", "tr")) {
      Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
    }
    Files.createSymbolicLink(bin.resolve("java"), onPath("java"));
    mavenRan = bin.resolve("maven-ran");
    executable("mvn", "echo \"$@\" > " + mavenRan);
  }

  @Test
  void withoutMosquittoItStopsBeforeMavenAndNamesThePackage() throws Exception {
    Result result = run(Map.of(), "test");

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
  void withoutSocatItStopsBeforeMavenAndNamesThePackage() throws Exception {
    executable("mosquitto", "exit 0");

    Result result = run(Map.of(), "test");

    assertThat(result.exit).isEqualTo(3);
    assertThat(result.output)
        .contains("socat (the edge agent's serial tests run over its pseudo-terminal pairs)")
        .contains("apt-get install -y socat\n");
    assertThat(mavenRan).doesNotExist();
  }

  @Test
  void inCiItAlsoNamesTheBrowserAndClientToolsItLacks() throws Exception {
    Result result = run(Map.of("CI", "true"), "test");

    assertThat(result.exit).isEqualTo(3);
    assertThat(result.output).contains("  - mosquitto_pub\n", "  - openssl\n");
    assertThat(mavenRan).doesNotExist();
  }

  @Test
  void withMosquittoAndSocatItRunsMavenVerifyWithTheGivenArguments() throws Exception {
    executable("mosquitto", "exit 0");
    executable("socat", "exit 0");

    Result result = run(Map.of(), "test", "-pl", "model");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(Files.readString(mavenRan)).isEqualTo("-B verify -pl model\n");
  }

  @Test
  void imagesWithoutDockerOrPodmanSaysSoAndBuildsNothing() throws Exception {
    Result result = run(Map.of(), "images", "--push");

    assertThat(result.exit).as(result.output).isEqualTo(3);
    assertThat(result.output)
        .contains("./parkpulse images needs docker or podman, and this machine has neither.");
    assertThat(mavenRan).doesNotExist();
  }

  @Test
  void imagesWithADockerWhoseDaemonDoesNotAnswerBuildsNothing() throws Exception {
    executable("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");

    Result result = run(Map.of(), "images");

    assertThat(result.exit).as(result.output).isEqualTo(3);
    assertThat(result.output).contains("'docker info' fails");
    assertThat(mavenRan).doesNotExist();
  }

  @Test
  void imagesRefusesAnUnknownOption() throws Exception {
    executable("docker", "exit 0");

    Result result = run(Map.of(), "images", "--latest");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.output).contains("unknown option '--latest'", "images [--push]");
    assertThat(mavenRan).doesNotExist();
  }

  @Test
  void imagesBuildsTheAppsThenTagsEachImageWithTheRegistryAndTheMavenVersion() throws Exception {
    Path engineRan = bin.resolve("engine-ran");
    executable("podman", "echo \"$@\" >> " + engineRan);
    String version = mavenVersion();

    Result result =
        run(Map.of("PARKPULSE_IMAGE_REGISTRY", "registry.example.com/parkpulse/"), "images");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(Files.readString(mavenRan))
        .isEqualTo("-B -q -Dstyle.color=never -DskipTests package\n");
    assertThat(Files.readAllLines(engineRan))
        .containsExactly(
            "info",
            "build -f platform/src/main/docker/Dockerfile.jvm -t registry.example.com/parkpulse/platform:"
                + version
                + " platform",
            "build -f gateway/src/main/docker/Dockerfile.jvm -t registry.example.com/parkpulse/gateway:"
                + version
                + " gateway",
            "build -f edge-agent/src/main/docker/Dockerfile -t registry.example.com/parkpulse/agents:"
                + version
                + " edge-agent");
  }

  @Test
  void imagesWithPushPushesEveryImageItBuilt() throws Exception {
    Path engineRan = bin.resolve("engine-ran");
    executable("docker", "echo \"$@\" >> " + engineRan);
    String version = mavenVersion();

    Result result = run(Map.of(), "images", "--push");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(Files.readAllLines(engineRan))
        .filteredOn(line -> line.startsWith("push "))
        .containsExactly(
            "push parkpulse/platform:" + version,
            "push parkpulse/gateway:" + version,
            "push parkpulse/agents:" + version);
  }

  private record Result(int exit, String output) {}

  /** The version of the root POM, which the images are tagged with (and the chart's appVersion). */
  private static String mavenVersion() throws IOException {
    String pom = Files.readString(SCRIPT.resolveSibling("pom.xml"));
    String parent = "<artifactId>parkpulse-parent</artifactId>";
    int start = pom.indexOf("<version>", pom.indexOf(parent)) + "<version>".length();
    return pom.substring(start, pom.indexOf("</version>", start));
  }

  private Result run(Map<String, String> extraEnv, String command, String... args)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().addAll(List.of(bin.resolve("bash").toString(), SCRIPT.toString(), command));
    builder.command().addAll(List.of(args));
    builder.environment().clear();
    builder.environment().put("PATH", bin.toString());
    builder.environment().putAll(extraEnv);
    Process process = builder.redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./parkpulse " + command + " did not finish");
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
