package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.parkpulse.platform.telemetry.jobs.Compactor;
import io.parkpulse.platform.telemetry.readmodel.Partitions;
import io.parkpulse.platform.telemetry.readmodel.Readings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Compaction of closed days into hour blocks: every reading kept exactly once (counted and hashed
 * before and after, again after a late and a redelivered reading, and after a kill half-way), and
 * every reader of raw readings answering the same before and after.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class CompactionIT {

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  @Inject DataSource dataSource;
  @Inject Partitions partitions;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

  @Test
  void closedDaysBecomeHourBlocksWithEveryReadingKeptOnce() throws Exception {
    Api admin = Api.admin();
    admin.park("cmp-park");
    admin.enterprise("cmp-park", "cmp-co");
    admin
        .request()
        .body(Map.of("hotDays", 3))
        .put("/api/v1/parks/cmp-park")
        .then()
        .statusCode(200)
        .body("hotDays", org.hamcrest.Matchers.equalTo(3));
    admin.request().body(Map.of("hotDays", 0)).put("/api/v1/parks/cmp-park").then().statusCode(400);
    List<String> devices = List.of("cmp-1", "cmp-2", "cmp-3");
    write("cmp-park", "cmp-co", devices, 6, Duration.ofMinutes(6));
    String before = hash("cmp-park", "cmp-co", devices);
    long count = count("cmp-park", "cmp-co", devices);

    Compactor.Result done = compactor().compact("cmp-park", 3, now);

    Instant cutoff = cutoff(3);
    assertThat(done.readings()).isPositive();
    assertThat(hotRowsBefore("cmp-park", cutoff)).as("no row left of a compacted day").isZero();
    assertThat(hotRowsBefore("cmp-park", now.plusSeconds(60)))
        .as("the hot days are still rows")
        .isPositive();
    assertThat(blockReadings("cmp-park")).isEqualTo(done.readings());
    assertThat(count("cmp-park", "cmp-co", devices)).isEqualTo(count);
    assertThat(hash("cmp-park", "cmp-co", devices)).isEqualTo(before);

    String blocks = blocksDigest("cmp-park");
    assertThat(compactor().compact("cmp-park", 3, now).readings())
        .as("a second run finds nothing to do")
        .isZero();
    assertThat(blocksDigest("cmp-park")).isEqualTo(blocks);

    // A late reading for a compacted hour, and a redelivery of one already compacted.
    Instant old = now.minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS);
    StoredLike compacted = first("cmp-park", "cmp-co", "cmp-1", old);
    long counted =
        single(
            "SELECT readings FROM device_status WHERE park = ? AND device = 'cmp-1'"
                + " AND state_changed_at < ?",
            "cmp-park",
            now.plus(Duration.ofDays(1)));
    new TelemetryWriter(dataSource)
        .write(
            new IngestBatch(
                List.of(
                    record("cmp-park", "cmp-co", "cmp-1", 999_999, old.plusSeconds(7)),
                    new TelemetryRecord(
                        "cmp-park",
                        new DeviceRef("cmp-co", "cmp-1"),
                        compacted.seq(),
                        compacted.ts(),
                        compacted.ts(),
                        metrics(compacted.seq(), compacted.ts()))),
                List.of()));
    assertThat(count("cmp-park", "cmp-co", devices))
        .as("the redelivered reading is stored once")
        .isEqualTo(count + 1);
    assertThat(
            single(
                "SELECT readings FROM device_status WHERE park = ? AND device = 'cmp-1'"
                    + " AND state_changed_at < ?",
                "cmp-park",
                now.plus(Duration.ofDays(1))))
        .as("the ingest recognised the redelivery: it is not counted (nor rolled up) again")
        .isEqualTo(counted + 1);
    String withLate = hash("cmp-park", "cmp-co", devices);

    assertThat(compactor().compact("cmp-park", 3, now).readings()).isEqualTo(1);
    assertThat(hotRowsBefore("cmp-park", cutoff)).isZero();
    assertThat(blockReadings("cmp-park")).isEqualTo(done.readings() + 1);
    assertThat(count("cmp-park", "cmp-co", devices)).isEqualTo(count + 1);
    assertThat(hash("cmp-park", "cmp-co", devices)).isEqualTo(withLate);
  }

  @Test
  void aKillInTheMiddleOfADeviceDayLosesAndDoublesNothing() throws Exception {
    Api admin = Api.admin();
    admin.park("cmp-kill-park");
    admin.enterprise("cmp-kill-park", "cmp-kill-co");
    List<String> devices = List.of("k-1", "k-2", "k-3");
    write("cmp-kill-park", "cmp-kill-co", devices, 4, Duration.ofMinutes(5));
    String before = hash("cmp-kill-park", "cmp-kill-co", devices);
    long count = count("cmp-kill-park", "cmp-kill-co", devices);

    CompletableFuture<Compactor.Result> run;
    try (Connection holder = dataSource.getConnection()) {
      // Hold off every write to the hour blocks: the compactor's first device-day waits there,
      // its rows already deleted in its transaction, and is killed in the middle of it.
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("LOCK TABLE telemetry_hour IN SHARE MODE")) {
        lock.execute();
      }
      run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return compactor().compact("cmp-kill-park", 2, now);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      int[] waiting = new int[1];
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> (waiting[0] = waitingCompactor()) != 0);
      try (PreparedStatement kill = holder.prepareStatement("SELECT pg_terminate_backend(?)")) {
        kill.setInt(1, waiting[0]);
        kill.execute();
      }
      holder.commit();
      // The run fails (how depends on where the driver noticed: with assertions on, pgjdbc may
      // throw an AssertionError rather than an SQLException).
      assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
          .isInstanceOf(java.util.concurrent.ExecutionException.class);
    }
    assertThat(blockReadings("cmp-kill-park")).as("nothing of the killed run is kept").isZero();
    assertThat(count("cmp-kill-park", "cmp-kill-co", devices)).isEqualTo(count);
    assertThat(hash("cmp-kill-park", "cmp-kill-co", devices)).isEqualTo(before);

    compactor().compact("cmp-kill-park", 2, now);

    assertThat(hotRowsBefore("cmp-kill-park", cutoff(2))).isZero();
    assertThat(count("cmp-kill-park", "cmp-kill-co", devices)).isEqualTo(count);
    assertThat(hash("cmp-kill-park", "cmp-kill-co", devices)).isEqualTo(before);
  }

  @Test
  void everyReaderAnswersTheSameAfterCompaction() throws Exception {
    Api admin = Api.admin();
    admin.park("cmp-read-park");
    admin.enterprise("cmp-read-park", "cmp-read-co");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "cmp-tracker",
                "park",
                "cmp-read-park",
                "name",
                "Tracker",
                "points",
                List.of(
                    point("lat", "position.lat"),
                    point("lon", "position.lon"),
                    point("sats", "position.satellites"))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    for (String d : List.of("cmp-cart", "cmp-gone")) {
      admin
          .request()
          .body(Map.of("id", d, "name", d, "profile", "cmp-tracker"))
          .post("/api/v1/enterprises/cmp-read-co/devices")
          .then()
          .statusCode(201);
    }
    write("cmp-read-park", "cmp-read-co", List.of("cmp-cart"), 5, Duration.ofMinutes(4));
    // A tracker last seen four days ago: its latest position is in a compacted day.
    List<TelemetryRecord> gone = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      gone.add(
          record(
              "cmp-read-park",
              "cmp-read-co",
              "cmp-gone",
              i + 1,
              now.minus(Duration.ofDays(4)).plus(Duration.ofMinutes(i))));
    }
    new TelemetryWriter(dataSource).write(new IngestBatch(gone, List.of()));

    // Each named point is a column of the query: a request naming too many is refused, clearly.
    admin
        .request()
        .queryParam(
            "points",
            String.join(
                ",", java.util.stream.IntStream.range(0, 101).mapToObj(i -> "p" + i).toList()))
        .get("/api/v1/enterprises/cmp-read-co/devices/cmp-cart/telemetry")
        .then()
        .statusCode(400);
    Map<String, Object> before = answers(admin);
    assertThat(((List<?>) before.get("positions"))).hasSize(2);

    assertThat(compactor().compact("cmp-read-park", 2, now).readings()).isPositive();

    assertThat(hotRowsBefore("cmp-read-park", cutoff(2))).isZero();
    Map<String, Object> after = answers(admin);
    for (String reader : before.keySet()) {
      assertThat(after.get(reader)).as(reader).isEqualTo(before.get(reader));
    }
  }

  /** What each reader answers over the five days: raw pages, CSV, rollups, status, positions. */
  private Map<String, Object> answers(Api admin) throws Exception {
    Map<String, Object> answers = new LinkedHashMap<>();
    String base = "/api/v1/enterprises/cmp-read-co/devices/cmp-cart";
    String from = now.minus(Duration.ofDays(6)).toString();
    String to = now.plusSeconds(60).toString();
    List<Object> pages = new ArrayList<>();
    String after = null;
    do {
      var request =
          admin.request().queryParam("from", from).queryParam("to", to).queryParam("limit", 400);
      if (after != null) {
        request.queryParam("after", after);
      }
      var page = request.get(base + "/telemetry").then().statusCode(200).extract().jsonPath();
      pages.add(page.getList("readings"));
      after = page.getString("next");
    } while (after != null);
    assertThat(pages).hasSizeGreaterThan(3);
    answers.put("pages", pages);
    answers.put(
        "points",
        admin
            .request()
            .queryParam("from", from)
            .queryParam("to", to)
            .queryParam("points", "temp,state")
            .queryParam("limit", 10_000)
            .get(base + "/telemetry")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("readings"));
    answers.put(
        "csv",
        admin
            .request()
            .accept("text/csv")
            .queryParam("from", from)
            .queryParam("to", to)
            .get(base + "/telemetry")
            .then()
            .statusCode(200)
            .extract()
            .asString());
    answers.put(
        "rollups",
        admin
            .request()
            .queryParam("resolution", "1h")
            .queryParam("from", from)
            .queryParam("to", to)
            .get(base + "/rollups")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("rollups"));
    answers.put(
        "status",
        admin.request().get(base + "/status").then().statusCode(200).extract().jsonPath().get());
    answers.put(
        "track",
        admin
            .request()
            .queryParam("from", from)
            .queryParam("to", to)
            .queryParam("limit", 10_000)
            .get(base + "/track")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("positions"));
    answers.put(
        "positions",
        admin
            .request()
            .queryParam("since", from)
            .get("/api/v1/parks/cmp-read-park/positions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$"));
    return answers;
  }

  private Compactor compactor() {
    return new Compactor(dataSource, partitions);
  }

  /** Readings every {@code step} over {@code days} days up to now, a seq gap now and then. */
  private void write(String park, String enterprise, List<String> devices, int days, Duration step)
      throws Exception {
    List<TelemetryRecord> readings = new ArrayList<>();
    for (String device : devices) {
      long seq = 1;
      for (Instant ts = now.minus(Duration.ofDays(days)); ts.isBefore(now); ts = ts.plus(step)) {
        seq += seq % 97 == 0 ? 3 : 1;
        readings.add(record(park, enterprise, device, seq, ts));
      }
    }
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    for (int i = 0; i < readings.size(); i += 5000) {
      writer.write(
          new IngestBatch(readings.subList(i, Math.min(readings.size(), i + 5000)), List.of()));
    }
  }

  private static TelemetryRecord record(
      String park, String enterprise, String device, long seq, Instant ts) {
    return new TelemetryRecord(
        park,
        new DeviceRef(enterprise, device),
        seq,
        ts,
        ts.plusMillis(seq % 40),
        metrics(seq, ts));
  }

  /** A mix of what devices send: decimals, counters, text, booleans and missing points. */
  private static Map<String, Object> metrics(long seq, Instant ts) {
    Map<String, Object> m = new HashMap<>();
    m.put("temp", Math.round(600 + 40 * Math.sin(seq / 50.0)) / 10.0);
    m.put("total", seq * 3);
    m.put("state", seq % 200 < 150 ? "RUNNING" : "IDLE");
    m.put("ok", seq % 11 != 0);
    m.put("lat", 31.2 + (seq % 100) / 10_000.0);
    m.put("lon", 121.5 - (seq % 70) / 10_000.0);
    m.put("sats", seq % 9);
    if (seq % 17 == 0) {
      m.remove("temp");
    }
    return m;
  }

  private static Map<String, Object> point(String name, String kind) {
    return Map.of(
        "name", name, "unit", "", "dataType", "number", "kind", kind, "intervalSeconds", 120);
  }

  private Instant cutoff(int hotDays) {
    return LocalDate.ofInstant(now.minus(Duration.ofDays(hotDays)), ZoneOffset.UTC)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  private record StoredLike(long seq, Instant ts) {}

  private StoredLike first(String park, String enterprise, String device, Instant from)
      throws Exception {
    try (Connection c = dataSource.getConnection()) {
      var r =
          Readings.list(
                  c,
                  new Readings.Device(park, enterprise, device),
                  from,
                  from.plus(Duration.ofHours(1)),
                  null,
                  null,
                  1)
              .get(0);
      return new StoredLike(r.seq(), r.ts());
    }
  }

  /** SHA-256 over every reading the readers see: seq, times and metrics (keys sorted). */
  private String hash(String park, String enterprise, List<String> devices) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    scanAll(
        park,
        enterprise,
        devices,
        null,
        r -> {
          try {
            digest.update(
                (r.seq() + "|" + r.ts() + "|" + r.receivedAt() + "|")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(CANONICAL.writeValueAsBytes(new TreeMap<>(r.metrics())));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return true;
        });
    return HexFormat.of().formatHex(digest.digest());
  }

  private long count(String park, String enterprise, List<String> devices) throws Exception {
    long[] n = new long[1];
    scanAll(park, enterprise, devices, List.of(), r -> ++n[0] > 0);
    return n[0];
  }

  /** Every reading of the devices, as the platform's readers get them, to {@code sink}. */
  private void scanAll(
      String park, String enterprise, List<String> devices, List<String> points, Readings.Sink sink)
      throws Exception {
    try (Connection c = dataSource.getConnection()) {
      for (String device : devices) {
        Readings.scan(
            c,
            new Readings.Device(park, enterprise, device),
            now.minus(Duration.ofDays(30)),
            now.plus(Duration.ofDays(1)),
            null,
            points,
            sink);
      }
    }
  }

  private long hotRowsBefore(String park, Instant before) throws Exception {
    return single("SELECT count(*) FROM telemetry WHERE park = ? AND ts < ?", park, before);
  }

  private long blockReadings(String park) throws Exception {
    return single(
        "SELECT coalesce(sum(readings), 0) FROM telemetry_hour WHERE park = ? AND hour < ?",
        park,
        now.plus(Duration.ofDays(1)));
  }

  private String blocksDigest(String park) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT md5(string_agg(md5(block), ',' ORDER BY enterprise, device, hour))"
                    + " FROM telemetry_hour WHERE park = ?")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The pid of a backend waiting to write hour blocks after it deleted rows, or 0. */
  private int waitingCompactor() throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO telemetry_hour%' LIMIT 1");
        ResultSet rs = q.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private long single(String sql, String park, Instant instant) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, park);
      q.setTimestamp(2, Timestamp.from(instant));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
