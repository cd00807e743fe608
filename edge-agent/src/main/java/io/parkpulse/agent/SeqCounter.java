package io.parkpulse.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The device's reading sequence number, monotonic across restarts. It reserves numbers in blocks
 * and writes the end of the block to disk before it hands out the first one, so that a restart (or
 * power loss) skips ahead rather than repeats a number, which the platform would drop as a
 * duplicate.
 */
public final class SeqCounter {

  static final long BLOCK = 1000;

  private final Path file;
  private long next;
  private long reservedUntil;

  public SeqCounter(Path file) {
    this.file = file;
    try {
      this.next = Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 1;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the sequence counter " + file + ": " + e, e);
    }
    this.reservedUntil = next;
  }

  /** The next sequence number. */
  public synchronized long next() {
    if (next >= reservedUntil) {
      reserve(next + BLOCK);
    }
    return next++;
  }

  private void reserve(long until) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(until));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      reservedUntil = until;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sequence counter " + file, e);
    }
  }
}
