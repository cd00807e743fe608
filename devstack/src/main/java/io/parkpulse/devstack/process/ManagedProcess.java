package io.parkpulse.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the demo or of a system test: its output goes to a log file, its pid to a pid
 * file (so that a later run can stop it if this one was killed), and it is stopped gracefully
 * before it is killed.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path log;
  private final Path pidFile;
  private final long logStart;

  private ManagedProcess(String name, Process process, Path log, Path pidFile, long logStart) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
    this.logStart = logStart;
  }

  /**
   * Starts {@code command} with {@code env} added to this process's environment.
   *
   * @param runDir where the pid file {@code name.pid} goes
   * @param log where standard output and error go (appended)
   */
  public static ManagedProcess start(
      String name, List<String> command, Map<String, String> env, Path runDir, Path log) {
    try {
      Files.createDirectories(runDir);
      Files.createDirectories(log.getParent());
      // Logs are appended across runs; this run's output starts here.
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      Path pidFile = runDir.resolve(name + ".pid");
      Files.writeString(pidFile, Long.toString(process.pid()));
      return new ManagedProcess(name, process, log, pidFile, logStart);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** The command line that runs {@code mainClass} on {@code classpath} with this JVM's java. */
  public static List<String> javaCommand(List<String> jvmArgs, String... programAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(List.of(programAndArgs));
    return command;
  }

  /**
   * Stops the processes that an earlier run recorded in {@code runDir} and that still run, for when
   * that run was killed before it could stop them.
   *
   * @return the names of the processes stopped
   */
  public static List<String> stopLeftovers(Path runDir) {
    List<String> stopped = new ArrayList<>();
    if (!Files.isDirectory(runDir)) {
      return stopped;
    }
    try (var files = Files.list(runDir)) {
      for (Path pidFile : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
        if (stopLeftover(pidFile)) {
          stopped.add(pidFile.getFileName().toString().replace(".pid", ""));
        }
        Files.deleteIfExists(pidFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + runDir, e);
    }
    return stopped;
  }

  /**
   * Stops the process named by a pid file (ours, or PostgreSQL's {@code postmaster.pid}) if it
   * still runs.
   *
   * @return whether there was such a process
   */
  public static boolean stopLeftover(Path pidFile) {
    Optional<ProcessHandle> alive =
        readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    alive.ifPresent(ManagedProcess::stop);
    return alive.isPresent();
  }

  /** The pid recorded in a pid file whose first line is the pid. */
  public static Optional<Long> readPid(Path pidFile) {
    try {
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
      return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Waits until {@code url} answers 200.
   *
   * @throws IllegalStateException naming the log file if the process dies or time runs out
   */
  public void awaitHttpOk(String url, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      pause();
    }
    throw new IllegalStateException(
        name + " was not ready at " + url + " in " + timeout + "; see " + log);
  }

  /**
   * Waits until this run's part of the log contains {@code text}.
   *
   * @throws IllegalStateException naming the log file if the process dies or time runs out
   */
  public void awaitLogLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        if (new String(all, from, all.length - from, StandardCharsets.UTF_8).contains(text)) {
          return;
        }
      } catch (IOException e) {
        // not written yet
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + " while starting; see " + log);
      }
      pause();
    }
    throw new IllegalStateException(
        name + " did not log '" + text + "' in " + timeout + "; see " + log);
  }

  /** The process's name in logs and messages. */
  public String name() {
    return name;
  }

  /** Where its output goes. */
  public Path log() {
    return log;
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether it still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash or a power cut would, and waits for it. */
  public void kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    stop(process.toHandle());
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // a stale pid file is harmless: the next run checks the process before it stops it
    }
  }

  private static void stop(ProcessHandle handle) {
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    try {
      handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      handle.descendants().forEach(ProcessHandle::destroyForcibly);
      handle.destroyForcibly();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
