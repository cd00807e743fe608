package io.parkpulse.bench;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.AlarmChange;
import io.parkpulse.model.AlarmCodec;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * From a reading to its alarm, under load: telemetry is produced to the park's topic at a steady
 * open-loop rate while, every second, one device (in turn) sends a temperature above a rule's
 * threshold and, a second later, one below its clear level. For each such hot reading the time from
 * its {@code ts} (taken just before it is handed to the Kafka producer) to the alarm's {@code
 * raised} record on {@code alarms.v1} (consumed here) and to the alarm row's {@code opened_at} is
 * measured; likewise for the cold reading, to {@code cleared} and {@code cleared_at}.
 *
 * <p>Kafka (its own JVM), an embedded PostgreSQL 17 (fsync on), the platform process and this
 * generator share the machine, as in {@link IngestVsCopy}. Between its hot and its cold reading,
 * the hot device's other readings stay between the clear level and the threshold, so that the hot
 * reading raises the alarm and the cold one clears it. Each cleared alarm is closed through the
 * API, so that the device's next hot reading opens a new alarm with an {@code opened_at} of its
 * own.
 *
 * <p>The measured window starts after the warm-up once the platform has caught up with it (at most
 * 200 ms of readings not yet stored), so that it shows the steady load rather than the warm-up's
 * backlog; the backlog is read each second of the window and every alarm later than 2 s is listed
 * with its second, so that a slow alarm can be set beside what the platform was doing.
 */
public final class AlarmLatency {

  private static final String PARK = "alarms";
  private static final String ENTERPRISE = "alarms-co";
  private static final String PROFILE = "bench-oven";
  private static final String RULE = "bench-too-hot";
  private static final String PASSWORD = "bench-admin-password";
  private static final double THRESHOLD = 80;
  private static final double CLEAR = 75;

  /** Between the clear level and the threshold: holds a raised alarm without raising one. */
  private static final double HELD = 78;

  /** Hot readings are 90 + n / 10,000 and cold ones 50 + n / 10,000: the value names episode n. */
  private static final double HOT_BASE = 90;

  private static final double COLD_BASE = 50;
  private static final int MAX_EPISODES = 10_000;

  private static final Duration TAIL = Duration.ofSeconds(5);
  private static final Duration GRACE = Duration.ofSeconds(60);

  /** How long after the warm-up the platform may take to catch up before the window starts. */
  private static final Duration CATCH_UP = Duration.ofSeconds(120);

  /** The goal: from the reading to its open alarm. */
  private static final Duration SLOW = Duration.ofSeconds(2);

  private AlarmLatency() {}

  public static void main(String[] args) throws Exception {
    long rate = Long.parseLong(args.length > 0 ? args[0] : "50000");
    int seconds = Integer.parseInt(args.length > 1 ? args[1] : "60");
    int warmup = Integer.parseInt(args.length > 2 ? args[2] : "20");
    int devices = Integer.parseInt(args.length > 3 ? args[3] : "100");
    if (rate < 100 || seconds < 1 || warmup < 12 || devices < 3) {
      throw new IllegalArgumentException(
          "usage: AlarmLatency [readings/s >= 100] [seconds >= 1] [warm-up seconds >= 12, the"
              + " rules are re-read every 10 s] [devices >= 3]");
    }
    if (warmup + CATCH_UP.toSeconds() + seconds + TAIL.toSeconds() >= MAX_EPISODES) {
      throw new IllegalArgumentException("warm-up and run must be shorter than 10,000 s");
    }
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("alarms-bench");
    Apps apps = new Apps(work);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            "machine: %d cores; Kafka, PostgreSQL 17 (embedded, fsync on), the platform and this"
                + " load generator on the same machine",
            Runtime.getRuntime().availableProcessors()));
    report.add(
        String.format(
            "load: %,d readings/s offered (open loop) for %d s after a warm-up of at least %d s (until"
                + " the platform caught up), then %d s more;"
                + " %d devices, 6 points a reading; rule: temperature.c above %.0f, clear %.0f,"
                + " forSeconds 0; one hot reading a second, its cold reading 1 s later",
            rate, seconds, warmup, TAIL.toSeconds(), devices, THRESHOLD, CLEAR));

    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
            apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g");
        Postgres pg = Postgres.embedded(work.resolve("postgres"), Ports.free())) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      Database db = pg.database();
      int http = Ports.free();
      try (ManagedProcess platform =
          apps.platform(
              home.resolve("platform/target/quarkus-app/quarkus-run.jar"),
              http,
              bootstrap,
              db,
              PASSWORD)) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        PlatformClient client = PlatformClient.login("http://127.0.0.1:" + http, "admin", PASSWORD);
        setUp(client, devices);
        run(report, client, bootstrap, db, rate, seconds, warmup, devices);
      }
    }
    report.forEach(System.out::println);
  }

  private static void setUp(PlatformClient client, int devices) throws Exception {
    client.ensurePark(PARK, "Alarm latency park");
    client.ensureEnterprise(PARK, ENTERPRISE, "Alarm latency", "machining", "small");
    client.post(
        "/api/v1/profiles",
        Map.of(
            "id",
            PROFILE,
            "park",
            PARK,
            "name",
            "Oven",
            "points",
            List.of(
                point("state", "string", "machine.state"),
                point("good_count", "integer", "counter.good"),
                point("total_count", "integer", "counter.total"),
                point("power_kw", "number", "power.active_kw"),
                point("energy_kwh", "number", "energy.active_kwh"),
                point("temperature_c", "number", "temperature.c"))));
    for (int d = 0; d < devices; d++) {
      client.post(
          "/api/v1/enterprises/" + ENTERPRISE + "/devices",
          Map.of("id", device(d), "name", device(d), "type", "machine", "profile", PROFILE));
    }
    // Many flapping changes are allowed: each device heats up again every `devices` seconds.
    client.post(
        "/api/v1/alarm-rules",
        Map.of(
            "id",
            RULE,
            "park",
            PARK,
            "name",
            "Too hot",
            "when",
            Map.of("kind", "temperature.c", "above", THRESHOLD, "clear", CLEAR),
            "forSeconds",
            0,
            "severity",
            "critical",
            "slaSeconds",
            1800,
            "flapTransitions",
            1_000_000));
  }

  private static Map<String, Object> point(String name, String type, String kind) {
    return Map.of("name", name, "dataType", type, "kind", kind, "unit", "", "intervalSeconds", 1);
  }

  private static String device(int d) {
    return String.format("oven-%03d", d);
  }

  /** One hot reading and its cold one: when each was handed to the producer. */
  private static final class Episode {
    final int n;
    final int device;
    final boolean measured;
    Instant hotAt;
    Instant coldAt;

    Episode(int n, int device, boolean measured) {
      this.n = n;
      this.device = device;
      this.measured = measured;
    }
  }

  /** A change read from alarms.v1, and when it was read. */
  private record Seen(AlarmChange change, Instant at) {}

  private static void run(
      List<String> report,
      PlatformClient client,
      String bootstrap,
      Database db,
      long rate,
      int seconds,
      int warmup,
      int devices)
      throws Exception {
    ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    AtomicBoolean consuming = new AtomicBoolean(true);
    ExecutorService closer = Executors.newSingleThreadExecutor();
    AtomicLong closeFailures = new AtomicLong();
    Thread consumer =
        new Thread(
            () -> consume(bootstrap, seen, consuming, client, closer, closeFailures),
            "alarm-consumer");
    consumer.start();

    Load load = new Load(bootstrap, rate, devices);
    load.checkEncoding();
    Thread producing = new Thread(load, "load");
    long[] stored = new long[2];
    Instant[] storedAt = new Instant[2];
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      producing.start();
      long t0 = load.started();
      sleepUntil(t0 + TimeUnit.SECONDS.toNanos(warmup));
      // The window starts once the platform has caught up with the warm-up (at most 200 ms of
      // readings not yet stored), so that it measures the steady load, not the warm-up's backlog.
      long caughtUpBy = t0 + TimeUnit.SECONDS.toNanos(warmup) + CATCH_UP.toNanos();
      long backlog = load.sent.get() - stored(c);
      while (backlog > rate / 5 && System.nanoTime() < caughtUpBy) {
        Thread.sleep(250);
        backlog = load.sent.get() - stored(c);
      }
      boolean caughtUp = backlog <= rate / 5;
      long second = TimeUnit.SECONDS.toNanos(1);
      long startSecond = (System.nanoTime() - t0) / second + 1;
      load.measure(startSecond, seconds);
      sleepUntil(t0 + startSecond * second);
      storedAt[0] = Instant.now();
      stored[0] = stored(c);
      List<Long> backlogs = new ArrayList<>();
      for (int i = 1; i <= seconds; i++) {
        sleepUntil(t0 + (startSecond + i) * second);
        backlogs.add(load.sent.get() - stored(c));
      }
      storedAt[1] = Instant.now();
      stored[1] = stored(c);
      producing.join();
      Instant loadStopped = Instant.now();

      List<Episode> measured = load.episodes.stream().filter(e -> e.measured).toList();
      long deadline = System.nanoTime() + GRACE.toNanos();
      long total = load.sent.get();
      long finalStored = stored(c);
      while (System.nanoTime() < deadline
          && (finalStored < total || !allSeen(measured, seen, devices))) {
        Thread.sleep(100);
        finalStored = stored(c);
      }
      Instant settled = Instant.now();
      Thread.sleep(2000); // a doubled record would come right behind the first
      consuming.set(false);
      consumer.join();
      closer.shutdown();
      closer.awaitTermination(30, TimeUnit.SECONDS);

      double window = Duration.between(storedAt[0], storedAt[1]).toNanos() / 1e9;
      report.add(
          String.format(
              "sent: %,.0f readings/s in the measured %d s (%,d in all, %,d not acknowledged by"
                  + " Kafka); in the measured window the generator was at most %,d readings behind"
                  + " its schedule",
              (load.sentAtMeasureEnd - load.sentAtMeasureStart) / (seconds * 1.0),
              seconds,
              total,
              load.failed.get(),
              load.maxBehind));
      report.add(
          String.format(
              "stored by the platform (consumed rate): %,.0f readings/s over the measured window"
                  + " (%,d readings in %.1f s); %s",
              (stored[1] - stored[0]) / window,
              stored[1] - stored[0],
              window,
              finalStored >= total
                  ? String.format(
                      "all %,d stored, the last %.1f s after the load stopped",
                      total, Duration.between(loadStopped, settled).toMillis() / 1000.0)
                  : String.format(
                      "only %,d of %,d stored %d s after the load stopped",
                      finalStored, total, GRACE.toSeconds())));
      report.add(
          String.format(
              "generator: the measured hot and cold readings sent at most %.1f ms after their"
                  + " schedule",
              load.maxEpisodeLagNanos / 1e6));
      report.add(
          String.format(
              "window: from second %d of the load, %s; before it, %,d readings sent were not yet"
                  + " stored",
              startSecond,
              caughtUp
                  ? "once the platform had caught up with the warm-up"
                  : "the platform NOT caught up with the warm-up after "
                      + (warmup + CATCH_UP.toSeconds())
                      + " s",
              backlog));
      int maxAt = 0;
      int behind = 0;
      for (int i = 0; i < backlogs.size(); i++) {
        if (backlogs.get(i) > backlogs.get(maxAt)) {
          maxAt = i;
        }
        if (backlogs.get(i) > rate) {
          behind++;
        }
      }
      report.add(
          String.format(
              "backlog (sent, not yet stored) read at the end of each second of the window: max"
                  + " %,d readings (%.2f s of load) at second %d; above 1 s of load in %d of %d"
                  + " seconds",
              backlogs.get(maxAt),
              backlogs.get(maxAt) / (double) rate,
              maxAt + 1,
              behind,
              backlogs.size()));
      analyse(
          report,
          c,
          measured,
          load.episodes,
          List.copyOf(seen),
          devices,
          closeFailures.get(),
          startSecond,
          backlogs,
          rate);
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
  }

  private static long stored(Connection c) throws Exception {
    try (PreparedStatement q =
            c.prepareStatement("SELECT coalesce(sum(readings), 0) FROM device_status");
        ResultSet rs = q.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean allSeen(List<Episode> measured, Iterable<Seen> seen, int devices) {
    Map<String, Integer> counts = new HashMap<>();
    for (Seen s : seen) {
      Integer n = episodeOf(s.change());
      if (n != null) {
        counts.merge(s.change().change() + n, 1, Integer::sum);
      }
    }
    for (Episode e : measured) {
      if (!counts.containsKey(AlarmChange.RAISED + e.n)
          || !counts.containsKey(AlarmChange.CLEARED + e.n)) {
        return false;
      }
    }
    return true;
  }

  /** The episode a raised or cleared change of the rule names by its value; null for others. */
  private static Integer episodeOf(AlarmChange c) {
    if (!RULE.equals(c.rule()) || c.value() == null) {
      return null;
    }
    double base;
    if (AlarmChange.RAISED.equals(c.change())) {
      base = HOT_BASE;
    } else if (AlarmChange.CLEARED.equals(c.change())) {
      base = COLD_BASE;
    } else {
      return null;
    }
    String v = c.value().substring(c.value().lastIndexOf('=') + 1).trim();
    return (int) Math.round((Double.parseDouble(v) - base) * MAX_EPISODES);
  }

  private static void consume(
      String bootstrap,
      ConcurrentLinkedQueue<Seen> seen,
      AtomicBoolean running,
      PlatformClient client,
      ExecutorService closer,
      AtomicLong closeFailures) {
    AlarmCodec codec = new AlarmCodec();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "alarm-latency-bench",
                "auto.offset.reset",
                "earliest",
                "enable.auto.commit",
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(new ParkTopic("parkpulse", PARK, ParkTopic.Kind.ALARMS).name()));
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(100));
        Instant at = Instant.now();
        for (ConsumerRecord<String, byte[]> r : records) {
          AlarmChange change;
          try {
            change = codec.decode(r.value());
          } catch (Exception e) {
            System.err.println("not an alarm change on alarms.v1: " + e.getMessage());
            continue;
          }
          seen.add(new Seen(change, at));
          if (AlarmChange.CLEARED.equals(change.change()) && RULE.equals(change.rule())) {
            long id = change.alarm();
            closer.submit(
                () -> {
                  try {
                    client.post("/api/v1/alarms/" + id + "/close", Map.of());
                  } catch (Exception e) {
                    if (closeFailures.incrementAndGet() == 1) {
                      System.err.println("closing alarm " + id + " failed: " + e);
                    }
                  }
                });
          }
        }
      }
    }
  }

  /** Matches the changes and the alarm rows to the episodes, and reports counts and latencies. */
  private static void analyse(
      List<String> report,
      Connection c,
      List<Episode> measured,
      List<Episode> all,
      List<Seen> seen,
      int devices,
      long closeFailures,
      long startSecond,
      List<Long> backlogs,
      long rate)
      throws Exception {
    List<String> slow = new ArrayList<>();
    Map<Integer, List<Seen>> raises = new HashMap<>();
    Map<Integer, List<Seen>> clears = new HashMap<>();
    int others = 0;
    int flapping = 0;
    for (Seen s : seen) {
      Integer n = episodeOf(s.change());
      if (AlarmChange.FLAPPING.equals(s.change().change())) {
        flapping++;
      }
      if (n == null) {
        continue;
      }
      Episode e = n >= 0 && n < all.size() ? all.get(n) : null;
      if (e == null || !device(e.device).equals(s.change().device())) {
        others++;
        continue;
      }
      (AlarmChange.RAISED.equals(s.change().change()) ? raises : clears)
          .computeIfAbsent(n, k -> new ArrayList<>())
          .add(s);
    }

    Map<Long, Instant[]> rows = new HashMap<>();
    Map<String, List<Instant>> openedByDevice = new HashMap<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT id, device_id, opened_at, cleared_at FROM alarm WHERE rule_id = ?")) {
      q.setString(1, RULE);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Instant opened = rs.getTimestamp(3).toInstant();
          java.sql.Timestamp cleared = rs.getTimestamp(4);
          rows.put(
              rs.getLong(1), new Instant[] {opened, cleared == null ? null : cleared.toInstant()});
          openedByDevice.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(opened);
        }
      }
    }

    List<Long> raiseTopic = new ArrayList<>();
    List<Long> raiseRow = new ArrayList<>();
    List<Long> clearTopic = new ArrayList<>();
    List<Long> clearRow = new ArrayList<>();
    int raiseLost = 0;
    int raiseDoubled = 0;
    int clearLost = 0;
    int clearDoubled = 0;
    int rowsOne = 0;
    int rowsLost = 0;
    int rowsDoubled = 0;
    for (Episode e : measured) {
      List<Seen> r = raises.getOrDefault(e.n, List.of());
      if (r.isEmpty()) {
        raiseLost++;
      } else {
        raiseDoubled += r.size() > 1 ? 1 : 0;
        Seen first = r.get(0);
        raiseTopic.add(micros(e.hotAt, first.at()));
        long inWindow = e.n - startSecond;
        if (micros(e.hotAt, first.at()) > SLOW.toNanos() / 1000) {
          slow.add(
              String.format(
                  "second %d: %,d ms (backlog at its end %.2f s of load)",
                  inWindow + 1,
                  micros(e.hotAt, first.at()) / 1000,
                  inWindow >= 0 && inWindow < backlogs.size()
                      ? backlogs.get((int) inWindow) / (double) rate
                      : Double.NaN));
        }
        Instant[] row = rows.get(first.change().alarm());
        if (row != null) {
          raiseRow.add(micros(e.hotAt, row[0]));
        }
      }
      List<Seen> cl = clears.getOrDefault(e.n, List.of());
      if (cl.isEmpty()) {
        clearLost++;
      } else {
        clearDoubled += cl.size() > 1 ? 1 : 0;
        Seen first = cl.get(0);
        clearTopic.add(micros(e.coldAt, first.at()));
        Instant[] row = rows.get(first.change().alarm());
        if (row != null && row[1] != null) {
          clearRow.add(micros(e.coldAt, row[1]));
        }
      }
      // Alarm rows of the device opened from this hot reading until its next one.
      Instant until = e.hotAt.plusSeconds(devices);
      long opened =
          openedByDevice.getOrDefault(device(e.device), List.of()).stream()
              .filter(t -> !t.isBefore(e.hotAt) && t.isBefore(until))
              .count();
      if (opened == 1) {
        rowsOne++;
      } else if (opened == 0) {
        rowsLost++;
      } else {
        rowsDoubled++;
      }
    }
    boolean exact =
        raiseLost == 0 && raiseDoubled == 0 && rowsLost == 0 && rowsDoubled == 0 && others == 0;
    report.add(
        String.format(
            "hot readings measured: %d; raised records on alarms.v1: %d with one, %d lost, %d"
                + " doubled; alarm rows opened: %d with one, %d none, %d more than one",
            measured.size(),
            measured.size() - raiseLost - raiseDoubled,
            raiseLost,
            raiseDoubled,
            rowsOne,
            rowsLost,
            rowsDoubled));
    report.add(
        String.format(
            "cold readings measured: %d; cleared records on alarms.v1: %d with one, %d lost, %d"
                + " doubled",
            measured.size(), measured.size() - clearLost - clearDoubled, clearLost, clearDoubled));
    report.add(
        String.format(
            "other changes of the rule not matching a reading: %d; flapping records: %d; alarms"
                + " not closed through the API: %d",
            others, flapping, closeFailures));
    report.add(
        "every hot reading produced exactly one raise (none lost, none doubled): "
            + (exact ? "yes" : "NO"));
    report.add("latency, ms (from the reading's ts)     n     p50     p90     p99     max");
    report.add(line("reading -> raised on alarms.v1     ", raiseTopic));
    report.add(line("reading -> alarm row opened_at     ", raiseRow));
    report.add(line("reading -> cleared on alarms.v1    ", clearTopic));
    report.add(line("reading -> alarm row cleared_at    ", clearRow));
    report.add(
        "raised on alarms.v1 later than "
            + SLOW.toMillis()
            + " ms: "
            + (slow.isEmpty() ? "none" : slow.size() + ", at " + String.join("; ", slow)));
  }

  private static long micros(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1000;
  }

  private static String line(String label, List<Long> micros) {
    if (micros.isEmpty()) {
      return label + "  none";
    }
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    return String.format(
        "%s %5d %7.1f %7.1f %7.1f %7.1f",
        label,
        sorted.size(),
        rank(sorted, 0.50),
        rank(sorted, 0.90),
        rank(sorted, 0.99),
        sorted.get(sorted.size() - 1) / 1000.0);
  }

  /** The nearest-rank percentile, in milliseconds. */
  private static double rank(List<Long> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
  }

  /**
   * The open-loop generator: normal readings to the devices in turn at the offered rate, and from
   * second 0 to the end of the measured window one episode a second, each on the next device.
   */
  static final class Load implements Runnable {
    final List<Episode> episodes = new ArrayList<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile long start;
    volatile long sentAtMeasureStart;
    volatile long sentAtMeasureEnd;
    volatile long maxBehind;
    volatile long maxEpisodeLagNanos;

    private final String bootstrap;
    private final long rate;
    private final int devices;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;
    private final TelemetryCodec codec = new TelemetryCodec();
    private final String topic = ParkTopic.telemetry(PARK).name();
    private final DeviceRef[] refs;
    private final long[] seq;
    private final boolean[] held;
    private final Callback onAck =
        (metadata, error) -> {
          if (error != null && failed.incrementAndGet() == 1) {
            System.err.println("telemetry not sent: " + error);
          }
        };
    private KafkaProducer<String, byte[]> producer;

    Load(String bootstrap, long rate, int devices) {
      this.bootstrap = bootstrap;
      this.rate = rate;
      this.devices = devices;
      this.refs = new DeviceRef[devices];
      for (int d = 0; d < devices; d++) {
        refs[d] = new DeviceRef(ENTERPRISE, device(d));
      }
      this.seq = new long[devices];
      this.held = new boolean[devices];
    }

    @Override
    public void run() {
      // As the gateway sent when this was measured: acks=all, idempotent, a 2 ms linger (its
      // default is 0 since; kept so that the alarm figures stay comparable).
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  "bootstrap.servers",
                  bootstrap,
                  "acks",
                  "all",
                  "linger.ms",
                  2,
                  "batch.size",
                  262_144),
              new StringSerializer(),
              new ByteArraySerializer())) {
        producer = p;
        p.partitionsFor(topic); // the topic's metadata, before the clock starts
        start = System.nanoTime();
        ready.countDown();
        loop();
        p.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Measures the episodes of seconds {@code from} to {@code from + seconds} of the load. */
    void measure(long from, int seconds) {
      measureUntil = (from + seconds) * 1_000_000_000L;
      measureFrom = from * 1_000_000_000L;
    }

    private void loop() throws InterruptedException {
      long second = 1_000_000_000L;
      List<Episode> open = new ArrayList<>();
      long normal = 0;
      while (true) {
        long elapsed = System.nanoTime() - start;
        long measureStart = measureFrom;
        long episodesEnd = measureUntil;
        if (measureStart != Long.MAX_VALUE && elapsed >= episodesEnd + second + TAIL.toNanos()) {
          break;
        }
        if (sentAtMeasureStart == 0 && elapsed >= measureStart) {
          sentAtMeasureStart = sent.get();
        }
        if (sentAtMeasureEnd == 0 && elapsed >= episodesEnd) {
          sentAtMeasureEnd = sent.get();
        }
        for (var it = open.iterator(); it.hasNext(); ) {
          Episode e = it.next();
          long due = (e.n + 1L) * second;
          if (elapsed >= due) {
            e.coldAt = send(e.device, COLD_BASE + (double) e.n / MAX_EPISODES);
            held[e.device] = false;
            if (e.measured) {
              lag(elapsed - due);
            }
            it.remove();
          }
        }
        long next = episodes.size();
        if (next * second <= elapsed && next * second < episodesEnd) {
          Episode e =
              new Episode((int) next, (int) (next % devices), next * second >= measureStart);
          e.hotAt = send(e.device, HOT_BASE + (double) e.n / MAX_EPISODES);
          held[e.device] = true;
          if (e.measured) {
            lag(elapsed - next * second);
          }
          episodes.add(e);
          open.add(e);
        }
        long due = (long) (elapsed / 1e9 * rate);
        if (elapsed >= measureStart) {
          maxBehind = Math.max(maxBehind, due - normal);
        }
        while (normal < due) {
          int d = (int) (normal % devices);
          send(d, held[d] ? HELD : 35 + (seq[d] % 23) * 0.11);
          normal++;
        }
        Thread.sleep(0, 200_000);
      }
    }

    /** Waits until the producer is connected and the load started; returns its start. */
    long started() throws InterruptedException {
      if (!ready.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the load generator did not connect to Kafka in 2 minutes");
      }
      return start;
    }

    private void lag(long nanos) {
      maxEpisodeLagNanos = Math.max(maxEpisodeLagNanos, nanos);
    }

    /** Sends one reading of device {@code d} with the temperature given; returns its ts. */
    private Instant send(int d, double temperature) {
      long s = ++seq[d];
      Instant ts = Instant.now();
      producer.send(
          new ProducerRecord<>(topic, refs[d].kafkaKey(), encode(d, s, ts, temperature)), onAck);
      sent.incrementAndGet();
      return ts;
    }

    /**
     * The record the gateway would write ({@link TelemetryCodec#encode}), written out directly: the
     * generator shares the two cores with what it measures, and a JSON tree per reading cost it
     * about twice the CPU at 50,000 readings/s (27–44% of a core against 13–25%). {@link
     * #checkEncoding} makes sure both agree before the load starts.
     */
    byte[] encode(int d, long s, Instant ts, double temperature) {
      String at = ts.toString();
      StringBuilder json = new StringBuilder(320);
      json.append("{\"park\":\"")
          .append(PARK)
          .append("\",\"enterprise\":\"")
          .append(ENTERPRISE)
          .append("\",\"device\":\"")
          .append(refs[d].device())
          .append("\",\"seq\":")
          .append(s)
          .append(",\"ts\":\"")
          .append(at)
          .append("\",\"receivedAt\":\"")
          .append(at)
          .append("\",\"metrics\":{\"state\":\"")
          .append(s % 50 == 0 ? "IDLE" : "RUNNING")
          .append("\",\"good_count\":")
          .append(s)
          .append(",\"total_count\":")
          .append(s + s / 40)
          .append(",\"power_kw\":")
          .append(10 + (s % 17) * 0.37)
          .append(",\"energy_kwh\":")
          .append(s * 0.0021)
          .append(",\"temperature_c\":")
          .append(temperature)
          .append("}}");
      return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Refuses to start unless {@link #encode} and the model's codec give the same record, as the
     * platform decodes it, for readings of every shape the load sends.
     */
    void checkEncoding() throws Exception {
      Instant ts = Instant.parse("2026-12-06T10:15:30.123456789Z");
      for (long s : new long[] {1, 49, 50, 1_000_003, 987_654_321L}) {
        for (double t : new double[] {HELD, HOT_BASE + 0.0042, COLD_BASE + 0.9999, 35 + 0.11 * 7}) {
          TelemetryRecord mine = codec.decode(encode(0, s, ts, t));
          TelemetryRecord theirs = codec.decode(encodeWithCodec(0, s, ts, t));
          if (!mine.equals(theirs)) {
            throw new IllegalStateException(
                "the load's encoding differs from the codec's: " + mine + " vs " + theirs);
          }
        }
      }
    }

    /** The same reading as {@link #encode}, through the model's codec. */
    byte[] encodeWithCodec(int d, long s, Instant ts, double temperature) {
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("state", s % 50 == 0 ? "IDLE" : "RUNNING");
      metrics.put("good_count", s);
      metrics.put("total_count", s + s / 40);
      metrics.put("power_kw", 10 + (s % 17) * 0.37);
      metrics.put("energy_kwh", s * 0.0021);
      metrics.put("temperature_c", temperature);
      return codec.encode(new TelemetryRecord(PARK, refs[d], s, ts, ts, metrics));
    }
  }
}
