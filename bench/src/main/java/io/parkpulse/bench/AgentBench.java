package io.parkpulse.bench;

import io.parkpulse.agent.forward.Forwarder;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.agent.store.Recorder;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge agent on this machine: (1) store-and-forward throughput, filling the on-disk store
 * through the recorder (group commit) and draining it to a real MQTT broker (Mosquitto) with QoS 1,
 * each against the disk's own fsync rate in the same directory; (2) the agent process's steady heap
 * and RSS while it reads 200 points at 1 Hz and sends them.
 */
public final class AgentBench {

  private static final DeviceRef DEVICE = new DeviceRef("bench-co", "line1-controller");

  private AgentBench() {}

  public static void main(String[] args) throws Exception {
    int readings = Integer.parseInt(args.length > 0 ? args[0] : "200000");
    int seconds = Integer.parseInt(args.length > 1 ? args[1] : "120");
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("agent-bench");
    Apps apps = new Apps(work);
    List<String> report = new ArrayList<>();
    report.add(
        "machine: " + Runtime.getRuntime().availableProcessors() + " cores; store in " + work);

    double fsyncs = fsyncRate(work.resolve("fsync-probe"), 2000);
    report.add(String.format("disk fsync rate (write 150 B + fdatasync): %,.0f /s", fsyncs));

    int port = Ports.free();
    try (ManagedProcess broker = apps.mosquitto(port, work.resolve("mosquitto"))) {
      Path storeDir = work.resolve("store");
      double fill;
      try (ReadingStore store =
          ReadingStore.open(storeDir, 1L << 30, ReadingStore.Overflow.DROP_OLDEST)) {
        fill = fillRate(store, readings);
      }
      report.add(
          String.format(
              "fill: %,d readings taken and stored (group commit): %,.0f readings/s = %.0f x fsync",
              readings, fill, fill / fsyncs));
      double drain;
      try (ReadingStore store =
          ReadingStore.open(storeDir, 1L << 30, ReadingStore.Overflow.DROP_OLDEST)) {
        drain = drainRate(store, "tcp://127.0.0.1:" + port);
      }
      report.add(
          String.format(
              "drain: %,d readings sent to Mosquitto, QoS 1, confirmed: %,.0f readings/s = %.0f x"
                  + " fsync",
              readings, drain, drain / fsyncs));

      report.addAll(memory(apps, home, work, port, seconds));
    }
    report.forEach(System.out::println);
    Files.write(work.resolve("result.txt"), report);
  }

  /** Small writes each followed by a force: what a store that syncs every reading could do. */
  static double fsyncRate(Path file, int n) throws IOException {
    ByteBuffer record = ByteBuffer.allocate(150);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        record.clear();
        channel.write(record);
        channel.force(false);
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double fillRate(ReadingStore store, int readings) throws InterruptedException {
    Recorder recorder = new Recorder(store, () -> {});
    Thread thread = new Thread(recorder, "recorder");
    thread.start();
    long start = System.nanoTime();
    Instant ts = Instant.now();
    for (int i = 0; i < readings; i++) {
      while (recorder.pending() > 50_000) {
        Thread.onSpinWait();
      }
      recorder.take(DEVICE, ts.plusMillis(i), metrics(i));
    }
    recorder.stop();
    thread.join();
    double rate = readings / ((System.nanoTime() - start) / 1e9);
    if (store.depth() != readings || recorder.overflowed() != 0) {
      throw new IllegalStateException("stored " + store.depth() + " of " + readings);
    }
    return rate;
  }

  private static double drainRate(ReadingStore store, String uri) throws InterruptedException {
    long readings = store.depth();
    Forwarder forwarder =
        new Forwarder(store, new Forwarder.Settings(uri, DEVICE, "bench", 16, 100, null, null));
    Thread thread = new Thread(forwarder, "forwarder");
    long start = System.nanoTime();
    thread.start();
    while (store.depth() > 0) {
      Thread.sleep(5);
    }
    double rate = readings / ((System.nanoTime() - start) / 1e9);
    forwarder.stop();
    thread.join();
    return rate;
  }

  /** The agent process with 34 simulated machines of 6 points (204 points) at 1 Hz. */
  private static List<String> memory(Apps apps, Path home, Path work, int port, int seconds)
      throws Exception {
    StringBuilder yaml = new StringBuilder();
    yaml.append("gateway:\n  uri: tcp://127.0.0.1:").append(port).append('\n');
    yaml.append("device:\n  enterprise: bench-co\n  id: line1-controller\n  secret: bench\n");
    yaml.append("state-dir: agent-state\nmachines:\n");
    int machines = 34;
    for (int i = 0; i < machines; i++) {
      yaml.append(
          String.format("  - device: m-%02d%n    simulator: { interval: 1s, seed: %d }%n", i, i));
    }
    Path config = work.resolve("agent.yaml");
    Files.writeString(config, yaml.toString());
    Path agentHome = home.resolve("edge-agent/target");
    List<String> command =
        ManagedProcess.javaCommand(
            List.of("-Xmx48m", "-XX:+UseSerialGC"),
            "-cp",
            agentHome.resolve("parkpulse-edge-agent.jar") + ":" + agentHome.resolve("lib") + "/*",
            "io.parkpulse.agent.AgentMain",
            "run",
            config.toString());
    List<String> lines = new ArrayList<>();
    try (ManagedProcess agent = apps.start("agent", command, Map.of())) {
      agent.awaitLogLine("READY", Duration.ofSeconds(30));
      long pid = agent.pid();
      // Warm up, then sample every 5 s: heap used right after a full GC, and RSS.
      Thread.sleep(Math.min(30, seconds / 4) * 1000L);
      long maxHeap = 0;
      long maxRss = 0;
      int samples = 0;
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        maxHeap = Math.max(maxHeap, heapAfterGc(pid));
        maxRss = Math.max(maxRss, rss(pid));
        samples++;
        Thread.sleep(5000);
      }
      lines.add(
          String.format(
              "agent process, %d machines x 6 points = %d points at 1 Hz, -Xmx48m SerialGC, %d s,"
                  + " %d samples:",
              machines, machines * 6, seconds, samples));
      lines.add(String.format("  steady heap (used after full GC, max): %.1f MB", maxHeap / 1e6));
      lines.add(String.format("  RSS (max):                             %.1f MB", maxRss / 1e6));
    }
    return lines;
  }

  private static long heapAfterGc(long pid) throws Exception {
    Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").start();
    gc.waitFor();
    Process info = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
    String out = new String(info.getInputStream().readAllBytes());
    info.waitFor();
    // e.g. " def new generation   total 4928K, used 1029K [...]" and " tenured generation total
    // ..., used 9876K"
    long used = 0;
    for (String line : out.split("\n")) {
      int at = line.indexOf("used ");
      if ((line.contains("generation") || line.contains("garbage-first heap")) && at >= 0) {
        String n = line.substring(at + 5).split("[K ,]")[0];
        used += Long.parseLong(n) * 1024;
      }
    }
    return used;
  }

  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return 0;
  }

  private static Map<String, Object> metrics(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", i % 50 == 0 ? "IDLE" : "RUNNING");
    m.put("good_count", (long) i);
    m.put("power_kw", 10 + (i % 17) * 0.37);
    m.put("temperature_c", 35 + (i % 23) * 0.11);
    return m;
  }
}
