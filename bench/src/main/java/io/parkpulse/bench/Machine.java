package io.parkpulse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The lines that make a result file traceable: the commit, the machine and the date. */
final class Machine {

  private Machine() {}

  static List<String> describe(Path home) {
    return List.of(
        "commit: " + commit(home),
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + cpu()
            + ", "
            + memory()
            + ", JDK "
            + Runtime.version(),
        "date: " + Instant.now(),
        "load average at start (1, 5, 15 min): " + loadAverage());
  }

  /**
   * Writes {@code lines} to {@code bench/results/<date>-<HHMM>-<name>.txt} (UTC) under {@code home}
   * and says where.
   */
  static Path writeResult(Path home, String name, List<String> lines) throws IOException {
    Path results = home.resolve("bench/results");
    Files.createDirectories(results);
    String stamp =
        DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path file = results.resolve(stamp + "-" + name + ".txt");
    Files.write(file, lines);
    System.out.println("written to " + home.relativize(file));
    return file;
  }

  /** The 1-, 5- and 15-minute load averages: anything above 0 is someone else's work. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String commit(Path home) {
    try {
      Process git =
          new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "HEAD")
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      git.waitFor(10, TimeUnit.SECONDS);
      Process status =
          new ProcessBuilder(
                  "git",
                  "-C",
                  home.toString(),
                  "status",
                  "--porcelain",
                  "--",
                  ".",
                  ":!bench/results")
              .redirectErrorStream(true)
              .start();
      boolean dirty = status.getInputStream().readAllBytes().length > 0;
      status.waitFor(10, TimeUnit.SECONDS);
      return out + (dirty ? " (with uncommitted changes)" : "");
    } catch (IOException | InterruptedException e) {
      return "unknown (" + e + ")";
    }
  }

  private static String cpu() {
    return line(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^model name\\s*:\\s*", "");
  }

  private static String memory() {
    String total = line(Path.of("/proc/meminfo"), "MemTotal");
    String[] parts = total.trim().split("\\s+");
    if (parts.length >= 2) {
      return String.format("%.1f GiB RAM", Long.parseLong(parts[1]) / 1024.0 / 1024.0);
    }
    return "RAM unknown";
  }

  private static String line(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.startsWith(prefix))
          .findFirst()
          .orElse(prefix + ": unknown");
    } catch (IOException e) {
      return prefix + ": unknown";
    }
  }
}
