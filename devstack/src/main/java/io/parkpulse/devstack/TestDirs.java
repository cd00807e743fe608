package io.parkpulse.devstack;

import io.parkpulse.devstack.process.ManagedProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Directories for the tests' infrastructure, under the running module's {@code target/} (or the
 * folder named by the system property {@code parkpulse.test.dir}). A test JVM deletes its own at
 * exit; one that was killed leaves them, and the next run stops the PostgreSQL server still running
 * in them and deletes them. Directories this JVM made are never taken for leftovers, even by a copy
 * of this class in another class loader (Quarkus loads a test with a profile of its own in one), so
 * that a second shared broker cannot delete the folder of the first while it runs.
 */
public final class TestDirs {

  /** The directories this JVM made, in a system property that every class loader sees. */
  private static final String MADE_BY_THIS_JVM = "parkpulse.test.dirs.this-jvm";

  private TestDirs() {}

  /** A new, empty directory whose name starts with {@code parkpulse-{what}-}. */
  public static Path create(String what) {
    Path base = Path.of(System.getProperty("parkpulse.test.dir", "target")).toAbsolutePath();
    String prefix = "parkpulse-" + what + "-";
    try {
      Files.createDirectories(base);
      synchronized (System.getProperties()) {
        removeLeftovers(base, prefix);
        Path dir = Files.createTempDirectory(base, prefix);
        String made = System.getProperty(MADE_BY_THIS_JVM, "");
        System.setProperty(MADE_BY_THIS_JVM, made + dir + File.pathSeparator);
        return dir;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a test directory under " + base, e);
    }
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static void removeLeftovers(Path base, String prefix) throws IOException {
    List<Path> leftovers;
    try (Stream<Path> entries = Files.list(base)) {
      leftovers = entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
    List<String> ours = List.of(System.getProperty(MADE_BY_THIS_JVM, "").split(File.pathSeparator));
    for (Path dir : leftovers) {
      if (ours.contains(dir.toString())) {
        continue;
      }
      ManagedProcess.stopLeftover(dir.resolve("postmaster.pid"));
      deleteRecursively(dir);
    }
  }
}
