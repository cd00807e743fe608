package io.parkpulse.bench;

import io.parkpulse.bench.LoadRun.Login;
import io.parkpulse.bench.LoadRun.Mode;
import io.parkpulse.bench.LoadRun.Result;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Capacity and latency of the gateway (QoS 1, PUBACK after Kafka stored the record) against
 * Mosquitto (QoS 1, publish to one subscriber) on the same machine, with the same open-loop load
 * generator. Capacity is the highest offered rate at which every message was delivered and the p99
 * latency stayed under 50 ms; each is then run again at half its capacity. Each sweep starts with a
 * warm-up at the first rate, discarded, 5 s by default. A freshly started JVM compiles its hot code
 * for about a minute under load, but a warm-up of 60 s made the sweeps worse, not better
 * (bench/results/2026-12-07-1724-figures.txt: capacity 4,000 to 8,000 msg/s, p99 12 to 14 ms at
 * half of it, against 16,000 to 20,000 msg/s and 7.7 to 9.2 ms after 5 s with the same linger,
 * bench/results/2026-12-07-1333-puback-linger.txt): something in the path slows under sustained
 * load, not found yet.
 *
 * <p>Usage: {@code bench/run.sh [rates] [seconds per step] [clients] [payload bytes]
 * [gateway,mosquitto] [warm-up seconds, default 5]}.
 */
public final class GatewayVsMosquitto {

  private static final double P99_LIMIT_MILLIS = 50;
  private static final String PARK = "bench";

  private GatewayVsMosquitto() {}

  public static void main(String[] args) throws Exception {
    long[] rates =
        Arrays.stream(arg(args, 0, "1000,2000,4000,6000,8000,12000,16000,24000,32000").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    Duration step = Duration.ofSeconds(Long.parseLong(arg(args, 1, "10")));
    int clients = Integer.parseInt(arg(args, 2, "100"));
    int payload = Integer.parseInt(arg(args, 3, "200"));
    String targets = arg(args, 4, "gateway,mosquitto");
    Duration warmup = Duration.ofSeconds(Long.parseLong(arg(args, 5, "5")));
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("bench");
    Apps apps = new Apps(work);
    List<String> report = new ArrayList<>();
    report.add(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores; "
            + clients
            + " clients, "
            + payload
            + "-byte payloads, QoS 1, "
            + step.toSeconds()
            + " s per step after a "
            + warmup.toSeconds()
            + " s warm-up");
    Sweep gateway = null;
    Sweep mosquitto = null;
    if (targets.contains("gateway")) {
      gateway = benchGateway(apps, work, rates, step, warmup, clients, payload);
      report.addAll(gateway.lines("gateway (PUBACK after Kafka ack)"));
    }
    if (targets.contains("mosquitto")) {
      mosquitto = benchMosquitto(apps, work, rates, step, warmup, clients, payload);
      report.addAll(mosquitto.lines("mosquitto (publish -> 1 subscriber)"));
    }
    if (gateway != null && mosquitto != null && mosquitto.capacity() > 0) {
      report.add(
          String.format(
              "capacity ratio gateway / mosquitto: %.2f",
              (double) gateway.capacity() / mosquitto.capacity()));
    }
    report.forEach(System.out::println);
    Files.write(work.resolve("result.txt"), report);
  }

  private static Sweep benchGateway(
      Apps apps, Path work, long[] rates, Duration step, Duration warmup, int clients, int payload)
      throws Exception {
    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
        apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g")) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      List<Login> logins = BenchDevices.provision(bootstrap, PARK, clients);
      int httpPort = Ports.free();
      int mqttPort = Ports.free();
      Path jar =
          Path.of(
              System.getProperty("parkpulse.home", "."),
              "gateway/target/quarkus-app/quarkus-run.jar");
      try (ManagedProcess gateway = apps.gateway(jar, httpPort, mqttPort, bootstrap)) {
        gateway.awaitHttpOk(Apps.readyUrl(httpPort), Duration.ofMinutes(2));
        LoadRun load =
            new LoadRun("127.0.0.1", mqttPort, logins, "telemetry", payload, Mode.PUBACK);
        return Sweep.run(load, rates, step, warmup);
      }
    }
  }

  private static Sweep benchMosquitto(
      Apps apps, Path work, long[] rates, Duration step, Duration warmup, int clients, int payload)
      throws Exception {
    int port = Ports.free();
    List<Login> logins = BenchDevices.anonymousLogins(clients);
    try (ManagedProcess mosquitto = BenchDevices.startMosquitto(apps, work, port)) {
      LoadRun load =
          new LoadRun("127.0.0.1", port, logins, "bench/telemetry", payload, Mode.SUBSCRIBER);
      return Sweep.run(load, rates, step, warmup);
    }
  }

  private static String arg(String[] args, int index, String fallback) {
    return args.length > index && !args[index].isBlank() ? args[index] : fallback;
  }

  /** The results of a rate sweep. */
  record Sweep(List<Result> steps, long capacity, Result half) {

    static Sweep run(LoadRun load, long[] rates, Duration step, Duration warmup) throws Exception {
      load.run(rates[0], warmup); // discarded
      List<Result> steps = new ArrayList<>();
      long capacity = 0;
      for (long rate : rates) {
        Result result = load.run(rate, step);
        steps.add(result);
        System.out.println(line(result));
        if (!result.allDelivered() || result.p99Millis() >= P99_LIMIT_MILLIS) {
          break;
        }
        capacity = rate;
      }
      Result half = capacity > 0 ? load.run(capacity / 2, step.multipliedBy(2)) : null;
      return new Sweep(steps, capacity, half);
    }

    List<String> lines(String name) {
      List<String> lines = new ArrayList<>();
      lines.add(name + ":");
      steps.forEach(r -> lines.add("  " + line(r)));
      lines.add("  capacity: " + capacity + " msg/s");
      if (half != null) {
        lines.add("  at half capacity: " + line(half));
      }
      return lines;
    }

    private static String line(Result r) {
      return String.format(
          "rate %6d/s  offered %7d  delivered %7d  p50 %7.2f ms  p99 %7.2f ms",
          r.rate(), r.offered(), r.delivered(), r.p50Millis(), r.p99Millis());
    }
  }
}
