package io.parkpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether large API answers arrive whole: a month of one device's 1-minute rollups of six points
 * (about 46 MB of JSON) fetched many times over HTTP/1.1 and over HTTP/2 (the JDK client's default,
 * which upgrades a plain connection with h2c), each answer parsed. A malformed answer was seen once
 * in the compaction benchmark; this finds out whether it repeats, and over which protocol. Writes
 * the first malformed answer of each protocol next to its report.
 */
public final class LargeAnswers {

  private static final String PARK = "bench-big";
  private static final String ENTERPRISE = "bench-big-co";
  private static final String DEVICE = "bench-big-m1";
  private static final String PASSWORD = "bench-admin-password";
  private static final List<String> POINTS =
      List.of("state", "good_count", "cycle_count", "power_kw", "energy_kwh", "temp_c");

  private LargeAnswers() {}

  public static void main(String[] args) throws Exception {
    int fetches = Integer.parseInt(args.length > 0 ? args[0] : "40");
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("large-answers");
    Apps apps = new Apps(work);
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(Duration.ofDays(30));
    List<String> report = new ArrayList<>();
    report.add("command: bench/large-answers.sh " + String.join(" ", args));
    report.addAll(Machine.describe(home));
    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
            apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g");
        Postgres pg = Postgres.embedded(work.resolve("postgres"), Ports.free())) {
      Database db = pg.database();
      int http = Ports.free();
      String base = "http://127.0.0.1:" + http;
      try (ManagedProcess platform =
          apps.platform(
              home.resolve("platform/target/quarkus-app/quarkus-run.jar"),
              http,
              "127.0.0.1:" + kafkaPort,
              db,
              PASSWORD,
              Map.of())) {
        platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
        PlatformClient client = PlatformClient.login(base, "admin", PASSWORD);
        client.ensurePark(PARK, "Large answers park");
        client.ensureEnterprise(PARK, ENTERPRISE, "Bench", "machining", "small");
        client.deviceSecret(ENTERPRISE, DEVICE, DEVICE);
        fillMinutes(db, start, end);
        String path =
            base
                + "/api/v1/enterprises/"
                + ENTERPRISE
                + "/devices/"
                + DEVICE
                + "/rollups?resolution=1m&from="
                + start
                + "&to="
                + end;
        for (HttpClient.Version version :
            List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
          report.add(fetch(client.token(), path, version, fetches, work));
        }
      }
    }
    report.forEach(System.out::println);
    Machine.writeResult(home, "large-answers", report);
  }

  /** A month of 1-minute rollups of the device's six points, straight into the table. */
  private static void fillMinutes(Database db, Instant start, Instant end) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO rollup_1m (park, enterprise, device, point, bucket, n, sum, min, max,"
                    + " first_ts, first_value, last_ts, last_value)"
                    + " SELECT ?, ?, ?, p, b, 12, 12 * v, v - 1, v + 1, b, v, b + interval '55"
                    + " seconds', v FROM unnest(?::text[]) AS p,"
                    + " generate_series(?::timestamptz, ?::timestamptz - interval '1 minute',"
                    + " interval '1 minute') AS b,"
                    + " LATERAL (SELECT random() * 1000 AS v) AS r")) {
      insert.setString(1, PARK);
      insert.setString(2, ENTERPRISE);
      insert.setString(3, DEVICE);
      insert.setArray(4, c.createArrayOf("text", POINTS.toArray()));
      insert.setTimestamp(5, Timestamp.from(start));
      insert.setTimestamp(6, Timestamp.from(end));
      insert.executeUpdate();
    }
  }

  private static String fetch(
      String token, String url, HttpClient.Version version, int fetches, Path work)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(version).build();
    ObjectMapper json = new ObjectMapper();
    int malformed = 0;
    int notOk = 0;
    long bytes = 0;
    List<String> protocols = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < fetches; i++) {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (!protocols.contains(response.version().toString())) {
        protocols.add(response.version().toString());
      }
      if (response.statusCode() != 200) {
        notOk++;
        continue;
      }
      byte[] body = response.body();
      bytes = body.length;
      try {
        json.readTree(body);
      } catch (java.io.IOException e) {
        malformed++;
        failures.add("fetch " + i + ": " + e.getMessage().lines().findFirst().orElse(""));
        if (malformed == 1) {
          Files.write(work.resolve("malformed-" + version + ".json"), body);
        }
      }
    }
    StringBuilder line =
        new StringBuilder(
            String.format(
                "%s requested (%s answered): %d fetches of %,d bytes, %d malformed, %d not 200",
                version, String.join(",", protocols), fetches, bytes, malformed, notOk));
    for (String failure : failures) {
      line.append("\n  ").append(failure);
    }
    return line.toString();
  }
}
