package io.parkpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

/**
 * The platform's ingest (Kafka → PostgreSQL, with its rollups, seq gaps and device status) against
 * the two ways of writing the same rows into the same telemetry table on the same PostgreSQL: one
 * raw binary COPY, and one INSERT per row (autocommit, as a naive writer would).
 *
 * <p>The readings are produced to Kafka first; then the platform process starts and drains them.
 * The first of them are a warm-up, as many as are measured unless told otherwise: a freshly started
 * platform compiles its hot code for tens of seconds under load, and on two cores its compiler
 * threads take CPU from the ingest meanwhile, where raw COPY runs in PostgreSQL and a warm
 * benchmark JVM. The rate is measured from the moment the warm-up's rows are stored to the last
 * row, from the readings counted in the device status (written in the same transaction as the
 * rows). Raw COPY writes the same warm-up rows first, untimed, so that both write the measured rows
 * into a table of the same size.
 */
public final class IngestVsCopy {

  private static final String PARK = "bench";
  private static final String ENTERPRISE = "bench-co";
  private static final int DEVICES = 20;
  private static final String PASSWORD = "bench-admin-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestVsCopy() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
    int insertRows = Integer.parseInt(args.length > 1 ? args[1] : "20000");
    int warmup = Integer.parseInt(args.length > 2 ? args[2] : String.valueOf(rows));
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("ingest-bench");
    Apps apps = new Apps(work);
    Readings readings = new Readings(warmup + rows);
    List<String> report = new ArrayList<>();
    report.add(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores; "
            + rows
            + " readings of "
            + DEVICES
            + " devices, 6 metrics each, after "
            + warmup
            + " readings of warm-up; PostgreSQL 17 embedded, fsync on");

    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
            apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g");
        Postgres pg = Postgres.embedded(work.resolve("postgres"), Ports.free())) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      Database db = pg.database();
      Path jar = home.resolve("platform/target/quarkus-app/quarkus-run.jar");
      int http = Ports.free();

      try (ManagedProcess platform = apps.platform(jar, http, bootstrap, db, PASSWORD)) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        PlatformClient client = PlatformClient.login("http://127.0.0.1:" + http, "admin", PASSWORD);
        client.ensurePark(PARK, "Benchmark park");
        client.ensureEnterprise(PARK, ENTERPRISE, "Bench", "machining", "small");
        for (int d = 0; d < DEVICES; d++) {
          client.deviceSecret(ENTERPRISE, device(d), device(d));
        }
      }
      produce(bootstrap, readings);

      double ingest;
      try (ManagedProcess platform = apps.platform(jar, http, bootstrap, db, PASSWORD)) {
        ingest = drainRate(db, warmup, rows);
      }
      report.add(
          String.format(
              "platform ingest (Kafka -> COPY, rollups, gaps, status): %,.0f rows/s", ingest));

      // Raw COPY moves a lot between runs on a small machine: take the median of three.
      double[] copies = new double[3];
      for (int i = 0; i < copies.length; i++) {
        copies[i] = copyRate(db, readings, warmup);
      }
      java.util.Arrays.sort(copies);
      double copy = copies[1];
      report.add(
          String.format(
              "raw binary COPY, one transaction, median of 3:       %,.0f rows/s (%,.0f to %,.0f)",
              copy, copies[0], copies[2]));
      double insert = insertRate(db, readings.range(0, Math.min(insertRows, rows)));
      report.add(
          String.format(
              "row-by-row INSERT, autocommit (%d rows):            %,.0f rows/s",
              Math.min(insertRows, rows), insert));
      report.add(String.format("ingest / raw COPY:          %.2f", ingest / copy));
      report.add(String.format("ingest / row-by-row INSERT: %.1f", ingest / insert));
    }
    report.forEach(System.out::println);
    Files.write(work.resolve("result.txt"), report);
  }

  private static String device(int d) {
    return String.format("bench-m-%02d", d);
  }

  /**
   * The run's readings, made when asked rather than held (millions do not fit the heap): like the
   * simulator's, a state, two counters, power, energy and a temperature, every 200 ms per device,
   * the last an hour ago.
   */
  private static final class Readings {
    final int count;
    private final Instant t0;

    Readings(int count) {
      this.count = count;
      this.t0 = Instant.now().minus(Duration.ofHours(1)).minusMillis(200L * (count / DEVICES + 1));
    }

    TelemetryRecord get(int i) {
      int d = i % DEVICES;
      long seq = i / DEVICES + 1;
      Instant ts = t0.plusMillis(seq * 200);
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("state", seq % 50 == 0 ? "IDLE" : "RUNNING");
      metrics.put("good_count", seq);
      metrics.put("total_count", seq + seq / 40);
      metrics.put("power_kw", 10 + (seq % 17) * 0.37);
      metrics.put("energy_kwh", seq * 0.0021);
      metrics.put("temperature_c", 35 + (seq % 23) * 0.11);
      return new TelemetryRecord(
          PARK, new DeviceRef(ENTERPRISE, device(d)), seq, ts, ts.plusMillis(7), metrics);
    }

    /** Readings {@code from} (inclusive) to {@code to} (exclusive). */
    List<TelemetryRecord> range(int from, int to) {
      List<TelemetryRecord> records = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        records.add(get(i));
      }
      return records;
    }
  }

  private static void produce(String bootstrap, Readings readings) throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    String topic = ParkTopic.telemetry(PARK).name();
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
                524_288),
            new StringSerializer(),
            new ByteArraySerializer())) {
      AtomicReference<Exception> failed = new AtomicReference<>();
      for (int i = 0; i < readings.count; i++) {
        TelemetryRecord r = readings.get(i);
        producer.send(
            new ProducerRecord<>(topic, r.device().kafkaKey(), codec.encode(r)),
            (metadata, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
      if (failed.get() != null) {
        throw new IllegalStateException("Kafka did not take every reading", failed.get());
      }
    }
  }

  /**
   * Rows per second from the moment the warm-up's rows are stored to the last row. The count comes
   * from the device status, which the ingest updates in the same transaction as the rows: counting
   * the table itself every 50 ms would scan it, and steal the CPU being measured.
   */
  private static double drainRate(Database db, int warmup, int rows) throws Exception {
    try (Connection c = connect(db);
        PreparedStatement count =
            c.prepareStatement("SELECT coalesce(sum(readings), 0) FROM device_status")) {
      long firstCount = 0;
      long start = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
      while (System.nanoTime() < deadline) {
        long n;
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          n = rs.getLong(1);
        }
        if (start == 0 && n > 0 && n >= warmup) {
          start = System.nanoTime();
          firstCount = n;
        }
        if (n >= warmup + rows) {
          return (n - firstCount) / ((System.nanoTime() - start) / 1e9);
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException(
          "the platform did not store " + (warmup + rows) + " rows in 20 minutes");
    }
  }

  /**
   * Rows per second of one binary COPY of the readings after the warm-up, which is copied first.
   */
  private static double copyRate(Database db, Readings readings, int warmup) throws Exception {
    truncate(db);
    try (Connection c = connect(db)) {
      c.setAutoCommit(false);
      for (int from = 0; from < warmup; from += 500_000) {
        copy(c, binaryCopy(readings.range(from, Math.min(warmup, from + 500_000))));
      }
      List<byte[]> data = binaryCopy(readings.range(warmup, readings.count));
      long start = System.nanoTime();
      copy(c, data);
      return (readings.count - warmup) / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** One COPY of the chunks, committed. */
  private static void copy(Connection c, List<byte[]> data) throws Exception {
    c.unwrap(PGConnection.class)
        .getCopyAPI()
        .copyIn(
            "COPY telemetry (park, enterprise, device, seq, ts, received_at, metrics)"
                + " FROM STDIN (FORMAT binary)",
            new SequenceInputStream(
                Collections.enumeration(data.stream().map(ByteArrayInputStream::new).toList())));
    c.commit();
  }

  private static double insertRate(Database db, List<TelemetryRecord> records) throws Exception {
    truncate(db);
    try (Connection c = connect(db);
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO telemetry (park, enterprise, device, seq, ts, received_at, metrics)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      long start = System.nanoTime();
      for (TelemetryRecord r : records) {
        insert.setString(1, r.park());
        insert.setString(2, r.device().enterprise());
        insert.setString(3, r.device().device());
        insert.setLong(4, r.seq());
        insert.setTimestamp(5, Timestamp.from(r.ts()));
        insert.setTimestamp(6, Timestamp.from(r.receivedAt()));
        insert.setString(7, JSON.writeValueAsString(r.metrics()));
        insert.executeUpdate();
      }
      return records.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void truncate(Database db) throws Exception {
    try (Connection c = connect(db);
        Statement sql = c.createStatement()) {
      sql.execute("TRUNCATE telemetry");
      sql.execute("VACUUM ANALYZE telemetry");
    }
  }

  /**
   * The rows in PostgreSQL's binary COPY format, in memory as chunks of 16 MiB: millions of rows do
   * not fit one array, nor the copies a growing one makes.
   */
  private static List<byte[]> binaryCopy(List<TelemetryRecord> records) throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 << 20);
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeInt(0);
    out.writeInt(0);
    for (TelemetryRecord r : records) {
      out.writeShort(7);
      text(out, r.park());
      text(out, r.device().enterprise());
      text(out, r.device().device());
      out.writeInt(8);
      out.writeLong(r.seq());
      timestamp(out, r.ts());
      timestamp(out, r.receivedAt());
      byte[] json = JSON.writeValueAsBytes(r.metrics());
      out.writeInt(json.length + 1);
      out.writeByte(1); // jsonb version
      out.write(json);
      if (bytes.size() >= 16 << 20) {
        out.flush();
        chunks.add(bytes.toByteArray());
        bytes.reset();
      }
    }
    out.writeShort(-1);
    out.flush();
    chunks.add(bytes.toByteArray());
    return chunks;
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /** timestamptz: microseconds since 2000-01-01 UTC. */
  private static void timestamp(DataOutputStream out, Instant t) throws IOException {
    long micros = (t.getEpochSecond() - 946_684_800L) * 1_000_000L + t.getNano() / 1_000;
    out.writeInt(8);
    out.writeLong(micros);
  }

  private static Connection connect(Database db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
