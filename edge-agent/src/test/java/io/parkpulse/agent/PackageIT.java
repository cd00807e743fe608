package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The archive a technician copies to a controller: it unpacks, installs (into a staging root, as
 * packagers do: the test does not create users or systemd units on this machine), runs {@code
 * check} from the installed tree, and uninstalls keeping or purging the configuration and store.
 */
class PackageIT {

  private final Path work = TestDirs.create("agent-package");

  @Test
  void unpacksInstallsChecksAndUninstalls() throws Exception {
    Path archive;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      archive =
          files
              .filter(p -> p.getFileName().toString().matches("parkpulse-agent-.+\\.tar\\.gz"))
              .findFirst()
              .orElseThrow();
    }
    run(work, Map.of(), "tar", "xzf", archive.toAbsolutePath().toString());
    Path unpacked;
    try (Stream<Path> dirs = Files.list(work)) {
      unpacked = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    assertThat(unpacked.getFileName().toString()).startsWith("parkpulse-agent-");
    assertThat(unpacked.resolve("install.sh")).isExecutable();
    assertThat(unpacked.resolve("bin/parkpulse-agent")).isExecutable();
    assertThat(unpacked.resolve("lib/parkpulse-edge-agent.jar")).exists();

    Path root = work.resolve("root");
    Map<String, String> staged = Map.of("DESTDIR", root.toString());
    String installed = run(unpacked, staged, "./install.sh");
    assertThat(installed).contains("parkpulse-agent check /etc/parkpulse-agent/agent.yaml");
    assertThat(root.resolve("opt/parkpulse-agent/bin/parkpulse-agent")).isExecutable();
    assertThat(root.resolve("etc/systemd/system/parkpulse-agent.service"))
        .content()
        .contains("ExecStart=/opt/parkpulse-agent/bin/parkpulse-agent run")
        .contains("Restart=always");
    Path config = root.resolve("etc/parkpulse-agent/agent.yaml");
    assertThat(config).content().contains("gateway:");
    assertThat(root.resolve("var/lib/parkpulse-agent")).isDirectory();

    // The example is a valid configuration; check then fails only on connections, naming them.
    // (Its state directory moves into the staging root: check creates the agent's OPC UA key.)
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "/var/lib/parkpulse-agent", root.resolve("var/lib/parkpulse-agent").toString()));
    Process check =
        new ProcessBuilder(
                root.resolve("opt/parkpulse-agent/bin/parkpulse-agent").toString(),
                "check",
                config.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(output)
        .contains("configuration ok")
        .contains("FAIL  gateway tcp://gateway.park.example:1883")
        .contains("FAIL  machine press-01")
        .contains("FAIL  machine oven-01")
        .contains("ok    machine demo-sim-01");
    assertThat(check.exitValue()).isEqualTo(1);

    // Installing again keeps an edited configuration.
    Files.writeString(config, Files.readString(config).replace("line1-controller", "edited-id"));
    run(unpacked, staged, "./install.sh");
    assertThat(config).content().contains("edited-id");

    run(unpacked, staged, "./uninstall.sh");
    assertThat(root.resolve("opt/parkpulse-agent")).doesNotExist();
    assertThat(config).exists();
    run(unpacked, staged, "./uninstall.sh", "--purge");
    assertThat(root.resolve("etc/parkpulse-agent")).doesNotExist();
    assertThat(root.resolve("var/lib/parkpulse-agent")).doesNotExist();
  }

  private static String run(Path dir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile());
    builder.environment().putAll(env);
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
