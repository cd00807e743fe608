package io.parkpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Time to compute a park's monthly energy and carbon figures ({@code GET
 * /api/v1/parks/{park}/energy?month=}): every enterprise's and the park's kWh, tce by carrier,
 * tCO2, clean share, core indicator and data quality, from 30 days of meter days of {@code meters}
 * electricity meters per enterprise plus a PV meter and gas declarations for every tenth
 * enterprise. Beside it, the peer: PostgreSQL alone summing the same meter days per enterprise in
 * one GROUP BY, the least any implementation must read. The meter days are loaded by COPY, as the
 * energy job would have written them.
 */
public final class EnergyScale {

  private static final String PASSWORD = "bench-admin-password";
  private static final String PARK = "escale";
  private static final int DAYS = 30;

  private EnergyScale() {}

  public static void main(String[] args) throws Exception {
    int enterprises = Integer.parseInt(args.length > 0 ? args[0] : "500");
    int meters = Integer.parseInt(args.length > 1 ? args[1] : "40");
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("energy-bench");
    Apps apps = new Apps(work);
    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai")).minusMonths(1);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            "machine: %d cores; %d enterprises x %d meters = %,d meters; %d days of %s:"
                + " %,d meter days",
            Runtime.getRuntime().availableProcessors(),
            enterprises,
            meters,
            enterprises * meters,
            DAYS,
            month,
            (long) enterprises * meters * DAYS));
    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
            apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx512m");
        Postgres pg = Postgres.embedded(work.resolve("postgres"), Ports.free())) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      Database db = pg.database();
      int http = Ports.free();
      Path jar = home.resolve("platform/target/quarkus-app/quarkus-run.jar");
      try (ManagedProcess platform = apps.platform(jar, http, bootstrap, db, PASSWORD)) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        PlatformClient client = PlatformClient.login("http://127.0.0.1:" + http, "admin", PASSWORD);
        client.ensurePark(PARK, "Energy scale park");
        long loading = System.nanoTime();
        load(db, enterprises, meters, month);
        report.add(String.format("loaded by COPY in %.0f s", (System.nanoTime() - loading) / 1e9));

        double expectedKwh = 0;
        for (String run : new String[] {"first", "second", "third"}) {
          long start = System.nanoTime();
          String body = client.get("/api/v1/parks/" + PARK + "/energy?month=" + month);
          double seconds = (System.nanoTime() - start) / 1e9;
          JsonNode json = new ObjectMapper().readTree(body);
          int rows = json.get("enterprises").size();
          if (rows != enterprises) {
            throw new IllegalStateException("the park's figures hold " + rows + " enterprises");
          }
          expectedKwh = json.get("figures").get("electricityKwh").asDouble();
          report.add(
              String.format(
                  "monthly figures of the park and its %d enterprises (%s run, %,d bytes of"
                      + " JSON): %6.2f s",
                  enterprises, run, body.length(), seconds));
        }
        report.add(String.format("park electricity: %,.0f kWh", expectedKwh));
        // The peer: PostgreSQL summing the same meter days per enterprise, three times.
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            Statement sql = c.createStatement()) {
          for (String run : new String[] {"first", "second", "third"}) {
            long start = System.nanoTime();
            double kwh = 0;
            int groups = 0;
            try (ResultSet rs =
                sql.executeQuery(
                    "SELECT enterprise, carrier, sum(counter_kwh), sum(interval_kwh), sum(slots),"
                        + " sum(expected_slots), count(*) FROM energy_meter_day"
                        + " WHERE park = '"
                        + PARK
                        + "' AND day >= '"
                        + month.atDay(1)
                        + "' AND day < '"
                        + month.plusMonths(1).atDay(1)
                        + "' GROUP BY enterprise, carrier")) {
              while (rs.next()) {
                groups++;
                if (rs.getString(2).equals("electricity")) {
                  kwh += rs.getDouble(3);
                }
              }
            }
            report.add(
                String.format(
                    "PostgreSQL GROUP BY of the same meter days (%s run, %d groups, %,.0f kWh):"
                        + " %6.2f s",
                    run, groups, kwh, (System.nanoTime() - start) / 1e9));
          }
        }
        report.add("platform peak RSS: " + PeakRss.of(platform.pid()));
      }
    }
    report.forEach(System.out::println);
    Files.write(work.resolve("result.txt"), report);
  }

  private static String enterprise(int e) {
    return String.format("es-e%04d", e);
  }

  /** Enterprises, their meters (a profile each for grid and PV) and 30 days of meter days. */
  private static void load(Database db, int enterprises, int meters, YearMonth month)
      throws Exception {
    Instant created = Instant.now().minus(Duration.ofDays(60));
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      try (Statement sql = c.createStatement()) {
        sql.execute(
            "INSERT INTO device_profile (id, park_id, name, points) VALUES"
                + " ('es-grid', '"
                + PARK
                + "', 'Grid meter', '[{\"name\":\"kwh\",\"unit\":\"kWh\",\"dataType\":\"number\","
                + "\"kind\":\"energy.active_kwh\",\"intervalSeconds\":900}]'),"
                + " ('es-pv', '"
                + PARK
                + "', 'PV meter', '[{\"name\":\"pv\",\"unit\":\"kWh\",\"dataType\":\"number\","
                + "\"kind\":\"energy.generated_kwh\",\"intervalSeconds\":900}]')");
      }
      StringBuilder rows = new StringBuilder();
      for (int e = 0; e < enterprises; e++) {
        rows.append(enterprise(e))
            .append('\t')
            .append(PARK)
            .append('\t')
            .append(enterprise(e))
            .append("\tmachining\tsmall\t[]\n");
      }
      copy.copyIn(
          "COPY enterprise (id, park_id, name, industry, size, sites) FROM STDIN",
          new StringReader(rows.toString()));
      rows.setLength(0);
      for (int e = 0; e < enterprises; e++) {
        for (int m = 0; m <= meters; m++) {
          boolean pv = m == meters;
          if (pv && e % 10 != 0) {
            continue;
          }
          String device = enterprise(e) + (pv ? "-pv" : "-m" + m);
          rows.append(device)
              .append('\t')
              .append(enterprise(e))
              .append('\t')
              .append(PARK)
              .append('\t')
              .append(device)
              .append("\tmeter\t")
              .append(pv ? "es-pv" : "es-grid")
              .append("\tmedium\t[]\ttrue\tx\t")
              .append(created)
              .append('\t')
              .append(created)
              .append('\n');
        }
      }
      copy.copyIn(
          "COPY device (id, enterprise_id, park_id, name, type, profile_id, criticality,"
              + " gateway_for, enabled, secret_hash, secret_rotated_at, created_at) FROM STDIN",
          new StringReader(rows.toString()));
      String computed = Instant.now().toString();
      for (int e = 0; e < enterprises; e++) {
        rows.setLength(0);
        for (int m = 0; m <= meters; m++) {
          boolean pv = m == meters;
          if (pv && e % 10 != 0) {
            continue;
          }
          String device = enterprise(e) + (pv ? "-pv" : "-m" + m);
          for (int d = 1; d <= DAYS; d++) {
            LocalDate day = month.atDay(d);
            // Every 25th meter-day misses 12 of its 96 slots: unmonitored, with a gap.
            boolean holes = (e + m + d) % 25 == 0;
            double kwh = pv ? 80 : 100 + (m % 7) * 10;
            rows.append(PARK)
                .append('\t')
                .append(enterprise(e))
                .append('\t')
                .append(device)
                .append('\t')
                .append(pv ? "pv" : "kwh")
                .append('\t')
                .append(pv ? "pv" : "electricity")
                .append('\t')
                .append(day)
                .append('\t')
                .append(holes ? 84 : 96)
                .append("\t96\t")
                .append(kwh)
                .append('\t')
                .append(holes ? kwh * 0.85 : kwh)
                .append('\t')
                .append(1000 + d * kwh)
                .append('\t')
                .append(computed)
                .append('\n');
          }
        }
        copy.copyIn(
            "COPY energy_meter_day (park, enterprise, device, point, carrier, day, slots,"
                + " expected_slots, counter_kwh, interval_kwh, last_value, computed_at)"
                + " FROM STDIN",
            new StringReader(rows.toString()));
      }
      rows.setLength(0);
      for (int e = 0; e < enterprises; e += 10) {
        rows.append(enterprise(e))
            .append('\t')
            .append(month.atDay(1))
            .append("\tnatural-gas\t")
            .append(1000 + e)
            .append("\tbench invoice\tbench\t")
            .append(computed)
            .append('\n');
      }
      copy.copyIn(
          "COPY energy_declaration (enterprise_id, month, carrier, quantity, source, declared_by,"
              + " declared_at) FROM STDIN",
          new StringReader(rows.toString()));
      try (Statement sql = c.createStatement()) {
        sql.execute("VACUUM ANALYZE");
      }
    }
  }
}
