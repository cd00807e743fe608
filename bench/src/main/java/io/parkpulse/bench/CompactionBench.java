package io.parkpulse.bench;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Storage of a month of telemetry before and after compaction, and what the charts and raw reads
 * cost on it. The readings go through the real path (Kafka, the platform's ingest) into the
 * embedded PostgreSQL; the platform then compacts the closed days with its own job.
 */
public final class CompactionBench {

  private static final String PARK = "bench-cmp";
  private static final String ENTERPRISE = "bench-cmp-co";
  private static final String PASSWORD = "bench-admin-password";
  private static final int VALUES = 6;

  private CompactionBench() {}

  public static void main(String[] args) throws Exception {
    int days = Integer.parseInt(args.length > 0 ? args[0] : "30");
    int devices = Integer.parseInt(args.length > 1 ? args[1] : "10");
    int interval = Integer.parseInt(args.length > 2 ? args[2] : "5");
    int runs = Integer.parseInt(args.length > 3 ? args[3] : "15");
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("compaction-bench");
    Apps apps = new Apps(work);
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(Duration.ofDays(days));
    long perDevice = Duration.ofDays(days).toSeconds() / interval;
    long readings = perDevice * devices;
    List<String> report = new ArrayList<>();
    report.add("command: bench/compaction.sh " + String.join(" ", args));
    report.addAll(Machine.describe(home));
    report.add(
        String.format(
            "data: %d devices, one reading of %d values every %d s for %d days = %,d readings"
                + " (%,d values); PostgreSQL 17 embedded",
            devices, VALUES, interval, days, readings, readings * VALUES));

    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
            apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g");
        Postgres pg = Postgres.embedded(work.resolve("postgres"), Ports.free())) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      Database db = pg.database();
      Path jar = home.resolve("platform/target/quarkus-app/quarkus-run.jar");
      int http = Ports.free();
      String base = "http://127.0.0.1:" + http;
      Instant cutoff;
      long compactable;
      // First the month goes in with compaction out of the way (its first run a day away).
      try (ManagedProcess platform =
          apps.platform(
              jar,
              http,
              bootstrap,
              db,
              PASSWORD,
              Map.of("PARKPULSE_PLATFORM_STORAGE_COMPACTION_INTERVAL", "24H"))) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        PlatformClient client = PlatformClient.login(base, "admin", PASSWORD);
        client.ensurePark(PARK, "Compaction benchmark park");
        client.ensureEnterprise(PARK, ENTERPRISE, "Bench", "machining", "small");
        for (int d = 0; d < devices; d++) {
          client.deviceSecret(ENTERPRISE, device(d), device(d));
        }
        long produced = produce(bootstrap, devices, start, interval, perDevice);
        awaitStored(db, produced);
        cutoff =
            LocalDate.ofInstant(end.minus(Duration.ofDays(2)), ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        compactable = count(db, "SELECT count(*) FROM telemetry WHERE park = ? AND ts < ?", cutoff);
        vacuum(db);
        long hot = hotBytes(db);
        report.add(
            String.format(
                "one row per reading (partitions, indexes, TOAST): %,d bytes = %.1f bytes a value",
                hot, (double) hot / (readings * VALUES)));
        report.add(
            timings(client, "raw readings of one device, one closed day, rows", rawDay(end), runs));
      }
      extendDailyRollups(db);

      Instant compactionStart;
      Instant compactionEnd;
      try (ManagedProcess platform =
          apps.platform(
              jar,
              http,
              bootstrap,
              db,
              PASSWORD,
              Map.of("PARKPULSE_PLATFORM_STORAGE_COMPACTION_INTERVAL", "2S"))) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        Instant[] span = awaitCompacted(db, compactable);
        compactionStart = span[0];
        compactionEnd = span[1];
        vacuum(db);
        long blocks = count(db, "SELECT count(*) FROM telemetry_hour WHERE park = ?", null);
        long bytes = singleLong(db, "SELECT pg_total_relation_size('telemetry_hour')");
        String compression =
            single(
                db,
                "SELECT coalesce(string_agg(DISTINCT coalesce(pg_column_compression(block),"
                    + " 'none'), ','), '') FROM telemetry_hour");
        long encoded = singleLong(db, "SELECT sum(octet_length(block)) FROM telemetry_hour");
        long stored = singleLong(db, "SELECT sum(pg_column_size(block)) FROM telemetry_hour");
        report.add(
            String.format(
                "compacted: %,d readings (%,d values) of the closed days into %,d hour blocks in"
                    + " %.1f s (%,.0f readings/s)",
                compactable,
                compactable * VALUES,
                blocks,
                Duration.between(compactionStart, compactionEnd).toMillis() / 1000.0,
                compactable
                    / Math.max(
                        0.001,
                        Duration.between(compactionStart, compactionEnd).toMillis() / 1000.0)));
        report.add(
            String.format(
                "compacted (telemetry_hour, indexes and TOAST included): %,d bytes = %.2f bytes a"
                    + " value",
                bytes, (double) bytes / (compactable * VALUES)));
        report.add(
            String.format(
                "  blocks as encoded %,d bytes (%.2f a value); as stored after PostgreSQL's"
                    + " compression (%s) %,d bytes (%.2f a value)",
                encoded,
                (double) encoded / (compactable * VALUES),
                compression,
                stored,
                (double) stored / (compactable * VALUES)));
        report.add(
            String.format(
                "hot rows left: %,d (the last %d days and today)",
                count(db, "SELECT count(*) FROM telemetry WHERE park = ? AND ts >= ?", cutoff), 2));
        PlatformClient client = PlatformClient.login(base, "admin", PASSWORD);
        report.add(
            timings(
                client, "raw readings of one device, one compacted day, rows", rawDay(end), runs));
        String rollups = "/api/v1/enterprises/" + ENTERPRISE + "/devices/" + device(0) + "/rollups";
        report.add(
            timings(
                client,
                "chart: 30 days at 1 minute, one device, one point (power_kw)",
                List.of(
                    rollups
                        + "?resolution=1m&points=power_kw&from="
                        + end.minus(Duration.ofDays(30))
                        + "&to="
                        + end),
                runs));
        String series = "/api/v1/enterprises/" + ENTERPRISE + "/devices/" + device(0) + "/series";
        String month = "&from=" + end.minus(Duration.ofDays(30)) + "&to=" + end;
        report.add(
            timings(
                client,
                "chart: 30 days at 1 minute, one device, one point (power_kw), as a series of its"
                    + " averages (what the portal's chart reads)",
                List.of(series + "?resolution=1m&points=power_kw&aggregates=avg" + month),
                runs));
        report.add(
            timings(
                client,
                "chart: 30 days at 1 minute, one device, one point (power_kw), as series of all"
                    + " six aggregates",
                List.of(series + "?resolution=1m&points=power_kw" + month),
                runs));
        report.add(
            timings(
                client,
                "chart: 30 days at 1 minute, one device, all 6 points as series of averages",
                List.of(series + "?resolution=1m&aggregates=avg" + month),
                runs));
        report.add(
            timings(
                client,
                "chart: 30 days at 1 minute, one device, all 6 points",
                List.of(
                    rollups
                        + "?resolution=1m&from="
                        + end.minus(Duration.ofDays(30))
                        + "&to="
                        + end),
                runs));
        report.add(
            timings(
                client,
                "chart: a year of daily rollups, one device, all 6 points",
                List.of(
                    rollups
                        + "?resolution=1d&from="
                        + end.minus(Duration.ofDays(365))
                        + "&to="
                        + end),
                runs));
      }
    }
    report.add("load average at end (1, 5, 15 min): " + Machine.loadAverage());
    report.forEach(System.out::println);
    Files.write(work.resolve("result.txt"), report);
    Machine.writeResult(home, "compaction", report);
  }

  private static String device(int d) {
    return String.format("bench-c-%02d", d);
  }

  /** The pages of one device's readings over the closed day four days before {@code end}. */
  private static List<String> rawDay(Instant end) {
    Instant day = end.minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.DAYS);
    return List.of(
        "/api/v1/enterprises/"
            + ENTERPRISE
            + "/devices/"
            + device(0)
            + "/telemetry?limit=10000&from="
            + day
            + "&to="
            + day.plus(Duration.ofDays(1)));
  }

  /**
   * The median, fastest and slowest of {@code runs} timed requests after three to warm up; a path
   * whose answer has a {@code next} cursor is followed to its last page.
   */
  private static String timings(PlatformClient client, String what, List<String> paths, int runs)
      throws Exception {
    long[] millis = new long[runs];
    int size = 0;
    for (int i = -3; i < runs; i++) {
      long t0 = System.nanoTime();
      size = 0;
      for (String path : paths) {
        String next = path;
        while (next != null) {
          String body = client.get(next);
          size += body.length();
          var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
          String cursor = json.path("next").isTextual() ? json.path("next").asText() : null;
          next = cursor == null ? null : path + "&after=" + cursor;
        }
      }
      if (i >= 0) {
        millis[i] = (System.nanoTime() - t0) / 1_000_000;
      }
    }
    Arrays.sort(millis);
    return String.format(
        "%s: median %d ms (%d to %d ms over %d runs; %,d bytes of JSON)",
        what, millis[runs / 2], millis[0], millis[runs - 1], runs, size);
  }

  /**
   * Readings like the simulator's: a state, two counters, power and temperature that wander, energy
   * that rises; the device's clock a few ms off the interval and the gateway 5 to 40 ms behind.
   */
  private static long produce(
      String bootstrap, int devices, Instant start, int interval, long perDevice) throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    String topic = ParkTopic.telemetry(PARK).name();
    AtomicReference<Exception> failed = new AtomicReference<>();
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "acks",
                "all",
                "linger.ms",
                20,
                "batch.size",
                524_288,
                "compression.type",
                "lz4"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      Random[] random = new Random[devices];
      double[] power = new double[devices];
      double[] temperature = new double[devices];
      double[] energy = new double[devices];
      long[] good = new long[devices];
      long[] total = new long[devices];
      for (int d = 0; d < devices; d++) {
        random[d] = new Random(d);
        power[d] = 8 + d;
        temperature[d] = 40;
      }
      for (long seq = 1; seq <= perDevice; seq++) {
        for (int d = 0; d < devices; d++) {
          Random r = random[d];
          boolean running = (seq / 700 + d) % 9 != 0;
          power[d] = Math.max(0.5, power[d] + r.nextGaussian() * 0.15);
          temperature[d] +=
              (running ? 0.02 : -0.02) * (60 - temperature[d]) / 20 + r.nextGaussian() * 0.05;
          energy[d] += (running ? power[d] : 0.5) * interval / 3600.0;
          if (running) {
            int made = r.nextInt(3);
            total[d] += made;
            good[d] += made > 0 && r.nextInt(40) == 0 ? made - 1 : made;
          }
          Map<String, Object> metrics = new LinkedHashMap<>();
          metrics.put("state", running ? "RUNNING" : "IDLE");
          metrics.put("good_count", good[d]);
          metrics.put("total_count", total[d]);
          metrics.put("power_kw", Math.round(power[d] * 100) / 100.0);
          metrics.put("energy_kwh", Math.round(energy[d] * 1000) / 1000.0);
          metrics.put("temperature_c", Math.round(temperature[d] * 10) / 10.0);
          Instant ts = start.plusSeconds(seq * interval).plusMillis(r.nextInt(4));
          TelemetryRecord record =
              new TelemetryRecord(
                  PARK,
                  new DeviceRef(ENTERPRISE, device(d)),
                  seq,
                  ts,
                  ts.plusMillis(5 + r.nextInt(36)),
                  metrics);
          producer.send(
              new ProducerRecord<>(topic, record.device().kafkaKey(), codec.encode(record)),
              (meta, e) -> {
                if (e != null) {
                  failed.compareAndSet(null, e);
                }
              });
          sent++;
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return sent;
  }

  private static void awaitStored(Database db, long readings) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (singleLong(db, "SELECT coalesce(sum(readings), 0) FROM device_status") >= readings) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the platform did not store " + readings + " readings");
  }

  /** When the first block was written and when the last compactable reading was in one. */
  private static Instant[] awaitCompacted(Database db, long readings) throws Exception {
    Instant first = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      long done = singleLong(db, "SELECT coalesce(sum(readings), 0) FROM telemetry_hour");
      if (first == null && done > 0) {
        first = Instant.now();
      }
      if (done >= readings) {
        return new Instant[] {first, Instant.now()};
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the platform did not compact " + readings + " readings");
  }

  /**
   * The daily rollups of the month copied back eleven times, so that a year of them exists (the
   * ingest wrote only the month's).
   */
  private static void extendDailyRollups(Database db) throws Exception {
    try (Connection c = connect(db);
        Statement sql = c.createStatement()) {
      sql.execute(
          "INSERT INTO rollup_1d SELECT park, enterprise, device, point, bucket - k * interval"
              + " '31 days', n, sum, min, max, first_ts - k * interval '31 days', first_value,"
              + " last_ts - k * interval '31 days', last_value FROM rollup_1d,"
              + " generate_series(1, 11) k ON CONFLICT DO NOTHING");
    }
  }

  private static long hotBytes(Database db) throws Exception {
    return singleLong(
        db,
        "SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('telemetry')"
            + " WHERE isleaf");
  }

  private static void vacuum(Database db) throws Exception {
    try (Connection c = connect(db);
        Statement sql = c.createStatement()) {
      sql.execute("VACUUM ANALYZE");
    }
  }

  private static long count(Database db, String sql, Instant at) throws Exception {
    try (Connection c = connect(db);
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, PARK);
      if (at != null) {
        q.setTimestamp(2, Timestamp.from(at));
      }
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long singleLong(Database db, String sql) throws Exception {
    return Long.parseLong(single(db, sql));
  }

  /** The first column of the first row of {@code sql}, as text. */
  private static String single(Database db, String sql) throws Exception {
    try (Connection c = connect(db);
        Statement q = c.createStatement();
        ResultSet rs = q.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Connection connect(Database db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
