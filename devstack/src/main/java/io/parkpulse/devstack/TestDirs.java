package io.parkpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Directories for the tests' infrastructure, under the running module's {@code target/} (or the
 * folder named by the system property {@code parkpulse.test.dir}), so that {@code mvn clean}
 * removes whatever a killed test run left behind.
 */
public final class TestDirs {

  private TestDirs() {}

  /** A new, empty directory whose name starts with {@code parkpulse-{what}-}. */
  public static Path create(String what) {
    Path base = Path.of(System.getProperty("parkpulse.test.dir", "target")).toAbsolutePath();
    try {
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "parkpulse-" + what + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a test directory under " + base, e);
    }
  }
}
