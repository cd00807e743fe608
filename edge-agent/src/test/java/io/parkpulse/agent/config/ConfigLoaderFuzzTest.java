package io.parkpulse.agent.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The agent's configuration loader on any file: it gives a configuration or a {@link
 * ConfigException} that names the problems; any other exception or error is a finding (the
 * technician's {@code check} and the agent's start would end in a stack trace). The corpus starts
 * with the shipped example.
 */
class ConfigLoaderFuzzTest {

  private static Path dir;

  @BeforeAll
  static void makeDirectory() throws IOException {
    dir = Files.createTempDirectory("agent-config-fuzz");
  }

  @AfterAll
  static void removeDirectory() throws IOException {
    Files.deleteIfExists(dir.resolve("agent.yaml"));
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "10m")
  void anyFileGivesAConfigurationOrItsProblems(byte[] yaml) throws IOException {
    Path file = dir.resolve("agent.yaml");
    Files.write(file, yaml);
    try {
      ConfigLoader.load(file);
    } catch (ConfigException refused) {
      // Every problem named, with its line: the answer a broken file must get.
    }
  }
}
