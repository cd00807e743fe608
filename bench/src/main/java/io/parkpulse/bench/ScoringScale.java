package io.parkpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Time (and the platform's peak memory) to assess every enterprise of a park whose enterprises each
 * have {@code devices} machines with 30 days of hourly rollups of two points. The park is set up
 * through the API, the bulk data by COPY straight into the platform's tables, hour by hour as the
 * ingest writes it, with the daily rollups the ingest keeps beside; the platform's day summary job
 * then runs once over the month (its time is reported), as it would have every hour. The park is
 * assessed through the API at once ({@code POST /api/v1/parks/{park}/assessments}, as the daily
 * schedule does), twice, then a few enterprises one at a time through their own endpoint; and the
 * park view is built from those assessments ({@code GET /api/v1/parks/{park}/maturity}).
 */
public final class ScoringScale {

  private static final String PASSWORD = "bench-admin-password";
  private static final int HOURS = 30 * 24;
  private static final String DAY_SUMMARY_INTERVAL =
      "PARKPULSE_PLATFORM_STORAGE_DAY_SUMMARY_INTERVAL";

  private ScoringScale() {}

  public static void main(String[] args) throws Exception {
    int enterprises = Integer.parseInt(args.length > 0 ? args[0] : "500");
    int devices = Integer.parseInt(args.length > 1 ? args[1] : "40");
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("scoring-bench");
    Apps apps = new Apps(work);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            "machine: %d cores; %d enterprises x %d machines = %d devices; %d days of hourly"
                + " rollups of 2 points (%,d rows)",
            Runtime.getRuntime().availableProcessors(),
            enterprises,
            devices,
            enterprises * devices,
            HOURS / 24,
            (long) enterprises * devices * HOURS * 2));
    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
            apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx512m");
        Postgres pg = Postgres.embedded(work.resolve("postgres"), Ports.free())) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      Database db = pg.database();
      int http = Ports.free();
      Path jar = home.resolve("platform/target/quarkus-app/quarkus-run.jar");
      // The energy job (first run one interval after start) would backfill a meter day for each
      // of the 20,000 energy meters in the middle of a slow load and of the measurement; the
      // storage jobs would run in the middle of the measurement too.
      Map<String, String> quiet =
          Map.of(
              "PARKPULSE_PLATFORM_ENERGY_INTERVAL",
              "24H",
              "PARKPULSE_PLATFORM_STORAGE_COMPACTION_INTERVAL",
              "24H",
              DAY_SUMMARY_INTERVAL,
              "24H");
      try (ManagedProcess platform = apps.platform(jar, http, bootstrap, db, PASSWORD, quiet)) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        PlatformClient client = PlatformClient.login("http://127.0.0.1:" + http, "admin", PASSWORD);
        client.ensurePark("scale", "Scale park");
        client.post(
            "/api/v1/profiles",
            Map.of(
                "id",
                "scale-machine",
                "park",
                "scale",
                "name",
                "Machine",
                "points",
                List.of(
                    Map.of(
                        "name",
                        "energy_kwh",
                        "unit",
                        "kWh",
                        "dataType",
                        "number",
                        "kind",
                        "energy.active_kwh",
                        "intervalSeconds",
                        60),
                    Map.of(
                        "name",
                        "good_count",
                        "unit",
                        "pcs",
                        "dataType",
                        "integer",
                        "kind",
                        "counter.good",
                        "intervalSeconds",
                        60))));
        long loading = System.nanoTime();
        load(db, enterprises, devices);
        report.add(String.format("loaded by COPY in %.0f s", (System.nanoTime() - loading) / 1e9));
      }
      // A platform that ran for the month kept its day summaries every hour: here one run of its
      // job (DaySummaryJob) over the whole month, started 2 s after the platform.
      Map<String, String> summarising = new HashMap<>(quiet);
      summarising.put(DAY_SUMMARY_INTERVAL, "2S");
      try (ManagedProcess platform =
          apps.platform(jar, http, bootstrap, db, PASSWORD, summarising)) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        report.add(awaitDaySummaries(db));
      }
      try (ManagedProcess platform = apps.platform(jar, http, bootstrap, db, PASSWORD, quiet)) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        PlatformClient client = PlatformClient.login("http://127.0.0.1:" + http, "admin", PASSWORD);
        long pid = platform.pid();
        // The whole park at once, as the daily schedule does it; twice, the second time with
        // PostgreSQL's and the platform's caches warm.
        for (String run : new String[] {"first", "second"}) {
          long start = System.nanoTime();
          JsonNode answer = client.post("/api/v1/parks/scale/assessments", Map.of());
          double seconds = (System.nanoTime() - start) / 1e9;
          if (answer.get("enterprises").asInt() != enterprises) {
            throw new IllegalStateException("the park's assessment holds " + answer);
          }
          report.add(
              String.format(
                  "assessed the park's %d enterprises at once (%s run) in %6.2f s",
                  enterprises, run, seconds));
        }
        // The park view from the assessments just kept, each enterprise with a trend (the
        // second run against the first); twice, the second with warm caches.
        for (String run : new String[] {"first", "second"}) {
          long start = System.nanoTime();
          String view = client.get("/api/v1/parks/scale/maturity");
          report.add(
              String.format(
                  "built the park view of %d enterprises (%s run, %,d bytes of JSON) in %6.2f s",
                  enterprises, run, view.length(), (System.nanoTime() - start) / 1e9));
        }
        // One enterprise through its own endpoint, for comparison.
        long start = System.nanoTime();
        int single = Math.min(enterprises, 10);
        for (int e = 0; e < single; e++) {
          client.post("/api/v1/enterprises/" + enterprise(e) + "/assessments", Map.of());
        }
        report.add(
            String.format(
                "assessed one enterprise through its endpoint in %6.3f s (mean of %d)",
                (System.nanoTime() - start) / 1e9 / single, single));
        report.add("platform peak RSS: " + PeakRss.of(pid));
      }
    }
    report.forEach(System.out::println);
    Files.write(work.resolve("result.txt"), report);
  }

  /** Waits for the first run of the day summary job to finish, and says what it did. */
  private static String awaitDaySummaries(Database db) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            sql.executeQuery(
                "SELECT extract(epoch FROM finished_at - claimed_at),"
                    + " (SELECT count(*) FROM point_day) FROM job_run"
                    + " WHERE job = 'telemetry-day-summaries' AND finished_at IS NOT NULL")) {
          if (rs.next()) {
            return String.format(
                "summarised %,d point-days (the day summary job's first run over the month) in"
                    + " %.0f s",
                rs.getLong(2), rs.getDouble(1));
          }
        }
        Thread.sleep(1000);
      }
    }
    throw new IllegalStateException("the day summary job did not finish in 30 minutes");
  }

  private static String enterprise(int e) {
    return String.format("scale-e%04d", e);
  }

  /** Enterprises, machines, their status and 30 days of hourly rollups, by COPY. */
  private static void load(Database db, int enterprises, int devices) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder rows = new StringBuilder();
      for (int e = 0; e < enterprises; e++) {
        rows.append(enterprise(e))
            .append("\tscale\t")
            .append(enterprise(e))
            .append("\tmachining\tsmall\t[]\n");
      }
      copy.copyIn(
          "COPY enterprise (id, park_id, name, industry, size, sites) FROM STDIN",
          new StringReader(rows.toString()));
      rows.setLength(0);
      StringBuilder status = new StringBuilder();
      for (int e = 0; e < enterprises; e++) {
        for (int d = 0; d < devices; d++) {
          String device = enterprise(e) + "-m" + d;
          rows.append(device)
              .append('\t')
              .append(enterprise(e))
              .append("\tscale\t")
              .append(device)
              .append("\tmachine\tscale-machine\t7.5\tmedium\t[]\ttrue\tx\t")
              .append(now.minus(Duration.ofDays(31)))
              .append('\t')
              .append(now.minus(Duration.ofDays(31)))
              .append('\n');
          status
              .append(enterprise(e))
              .append('\t')
              .append(device)
              .append("\tscale\ttrue\t")
              .append(now)
              .append('\t')
              .append(now)
              .append('\t')
              .append(HOURS * 60)
              .append('\t')
              .append(HOURS * 60)
              .append('\n');
        }
      }
      copy.copyIn(
          "COPY device (id, enterprise_id, park_id, name, type, profile_id, rated_power_kw,"
              + " criticality, gateway_for, enabled, secret_hash, secret_rotated_at, created_at)"
              + " FROM STDIN",
          new StringReader(rows.toString()));
      copy.copyIn(
          "COPY device_status (enterprise, device, park, online, state_changed_at, last_seen,"
              + " max_seq, readings) FROM STDIN",
          new StringReader(status.toString()));
      // Hour by hour, as the ingest writes them.
      for (int h = HOURS; h >= 1; h--) {
        rows.setLength(0);
        Instant bucket = now.minus(Duration.ofHours(h));
        for (int e = 0; e < enterprises; e++) {
          for (int d = 0; d < devices; d++) {
            String device = enterprise(e) + "-m" + d;
            for (String point : new String[] {"energy_kwh", "good_count"}) {
              rows.append("scale\t")
                  .append(enterprise(e))
                  .append('\t')
                  .append(device)
                  .append('\t')
                  .append(point)
                  .append('\t')
                  .append(bucket)
                  .append("\t60\t600\t1\t20\t")
                  .append(bucket)
                  .append("\t1\t")
                  .append(bucket.plusSeconds(3540))
                  .append("\t20\n");
            }
          }
        }
        copy.copyIn(
            "COPY rollup_1h (park, enterprise, device, point, bucket, n, sum, min, max,"
                + " first_ts, first_value, last_ts, last_value) FROM STDIN",
            new StringReader(rows.toString()));
      }
      try (Statement sql = c.createStatement()) {
        // The daily rollups in the park's time zone and the enterprises' hours with data, which
        // the ingest keeps with the hourly rollups (the bench's first and last values are the
        // same in every hour).
        sql.execute(
            "INSERT INTO rollup_1d (park, enterprise, device, point, bucket, n, sum, min, max,"
                + " first_ts, first_value, last_ts, last_value)"
                + " SELECT r.park, r.enterprise, r.device, r.point,"
                + " date_trunc('day', r.bucket AT TIME ZONE p.timezone) AT TIME ZONE p.timezone"
                + " AS day, sum(r.n), sum(r.sum), min(r.min), max(r.max), min(r.first_ts),"
                + " min(r.first_value), max(r.last_ts), max(r.last_value)"
                + " FROM rollup_1h r JOIN park p ON p.id = r.park"
                + " GROUP BY r.park, r.enterprise, r.device, r.point, day ORDER BY day");
        sql.execute(
            "INSERT INTO enterprise_hour (enterprise, bucket, park)"
                + " SELECT DISTINCT enterprise, bucket, park FROM rollup_1h");
        // As autovacuum would have done long before on a platform that ran for 30 days, and so
        // that it does not run during the measurement.
        sql.execute("VACUUM ANALYZE");
      }
    }
  }
}
