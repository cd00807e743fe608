package io.parkpulse.agent.collect.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A pair of pseudo-terminals joined by socat, as a null-modem cable: what is written to one side is
 * read on the other. Each side is a real tty that jSerialComm opens as it opens /dev/ttyUSB0.
 */
public final class Pty implements AutoCloseable {

  private final Process socat;
  private final Path a;
  private final Path b;

  private Pty(Process socat, Path a, Path b) {
    this.socat = socat;
    this.a = a;
    this.b = b;
  }

  /**
   * Starts socat with the two sides linked at {@code a} and {@code b}, and waits until both links
   * lead to their terminals.
   */
  public static Pty start(Path a, Path b) throws IOException, InterruptedException {
    Path log = a.resolveSibling(a.getFileName() + ".socat.log");
    // Links left by an earlier pair would lead to terminals that are gone, or someone else's.
    Files.deleteIfExists(a);
    Files.deleteIfExists(b);
    Process socat =
        new ProcessBuilder(
                "socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(Files.exists(a) && Files.exists(b))) {
      if (!socat.isAlive() || System.nanoTime() > deadline) {
        socat.destroyForcibly();
        throw new IOException(
            "socat did not make the pty pair " + a + " and " + b + ": " + Files.readString(log));
      }
      Thread.sleep(10);
    }
    return new Pty(socat, a, b);
  }

  /** The side the agent opens. */
  public Path a() {
    return a;
  }

  /** The side the test's devices open. */
  public Path b() {
    return b;
  }

  /** Stops socat: both terminals go away, and their links with them. */
  @Override
  public void close() throws InterruptedException {
    socat.destroy();
    if (!socat.waitFor(5, TimeUnit.SECONDS)) {
      socat.destroyForcibly();
      socat.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
