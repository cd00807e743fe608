package io.parkpulse.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process's peak resident memory, as Linux keeps it ({@code VmHWM}). */
final class PeakRss {

  private PeakRss() {}

  /** e.g. {@code 774776 kB}; {@code unknown} where /proc does not tell. */
  static String of(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("VmHWM"))
          .findFirst()
          .map(l -> l.replace("VmHWM:", "").trim())
          .orElse("unknown");
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
