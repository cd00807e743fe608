package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The platform process against real failures while it ingests: killed with SIGKILL mid-batch and
 * restarted, and its PostgreSQL stopped and started. Afterwards every reading is stored exactly
 * once: per device, the count of stored readings, the highest seq, no gap, and the rollup counts
 * all match what was produced.
 */
class IngestResilienceIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int DEVICES = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<AutoCloseable> running = new ArrayList<>();
  private final Path work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
  private final Apps apps = new Apps(work);

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void aPlatformKilledMidBatchAndRestartedLosesAndDoublesNothing() throws Exception {
    Database db = Postgres.sharedForTests().database();
    int port = Ports.free();
    ManagedProcess platform = startPlatform(port, db);
    PlatformClient client = provision(port, "crash-park", "crash-ent");

    int perDevice = 25_000;
    produce("crash-park", "crash-ent", perDevice);

    // Kill it twice while it is part-way through, restarting it each time.
    for (int kill = 1; kill <= 2; kill++) {
      long target = (long) DEVICES * perDevice * kill / 3;
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> stored(client, "crash-ent") >= target);
      platform.kill();
      running.remove(platform);
      assertThat(stored(db, "crash-ent"))
          .as("killed part-way")
          .isLessThan((long) DEVICES * perDevice);
      platform = startPlatform(port, db);
    }

    assertEverythingStoredOnce(client, "crash-ent", perDevice);
  }

  @Test
  void aParkCreatedJustBeforeARestartIsIngestedAfterIt() throws Exception {
    Database db = Postgres.sharedForTests().database();
    int port = Ports.free();
    ManagedProcess platform = startPlatform(port, db);
    PlatformClient client = provision(port, "restart-park", "restart-ent");
    // Stopped before its consumer could see the new park's topics.
    platform.close();
    running.remove(platform);

    int perDevice = 2_000;
    produce("restart-park", "restart-ent", perDevice);
    startPlatform(port, db);

    assertEverythingStoredOnce(client, "restart-ent", perDevice);
  }

  @Test
  void aPostgresOutageDuringIngestPausesItWithoutLoss() throws Exception {
    Path dataDir = TestDirs.create("outage-postgres");
    int pgPort = Ports.free();
    Postgres pg = Postgres.embedded(dataDir, pgPort);
    Database db = pg.database();
    int port = Ports.free();
    startPlatform(port, db);
    PlatformClient client = provision(port, "outage-park", "outage-ent");

    int perDevice = 25_000;
    produce("outage-park", "outage-ent", perDevice);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> stored(client, "outage-ent") > 0);
    pg.close();
    // Ingest cannot go on; the platform keeps retrying rather than dropping or skipping.
    Thread.sleep(5_000);
    pg = Postgres.embedded(dataDir, pgPort);
    running.add(pg);

    assertEverythingStoredOnce(client, "outage-ent", perDevice);
  }

  private ManagedProcess startPlatform(int port, Database db) {
    ManagedProcess platform =
        apps.platform(
            Path.of(System.getProperty("parkpulse.platform.jar")),
            port,
            E2e.kafka(),
            db,
            E2e.ADMIN_PASSWORD);
    running.add(platform);
    platform.awaitHttpOk(Apps.readyUrl(port), START_TIMEOUT);
    return platform;
  }

  private static PlatformClient provision(int port, String park, String enterprise)
      throws Exception {
    PlatformClient client =
        PlatformClient.login("http://127.0.0.1:" + port, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(park, park);
    client.ensureEnterprise(park, enterprise, enterprise, "machining", "small");
    for (int d = 1; d <= DEVICES; d++) {
      client.deviceSecret(enterprise, "m-" + enterprise + "-" + d, "machine " + d);
    }
    return client;
  }

  /** Sends {@code perDevice} readings of every device, seq 1 to {@code perDevice}, as a gateway. */
  private static void produce(String park, String enterprise, int perDevice) throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    Instant t0 = Instant.now().minus(Duration.ofHours(2));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            E2e.kafka()
                .client(
                    Map.<String, Object>of("acks", "all", "linger.ms", 20, "batch.size", 262_144)),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<Future<?>> acks = new ArrayList<>();
      for (int seq = 1; seq <= perDevice; seq++) {
        for (int d = 1; d <= DEVICES; d++) {
          DeviceRef device = new DeviceRef(enterprise, "m-" + enterprise + "-" + d);
          Instant ts = t0.plusMillis(seq * 100L);
          TelemetryRecord record =
              new TelemetryRecord(
                  park,
                  device,
                  seq,
                  ts,
                  ts.plusMillis(5),
                  Map.of("good_count", (long) seq, "power_kw", 3.5, "state", "RUNNING"));
          acks.add(
              producer.send(
                  new ProducerRecord<>(
                      ParkTopic.telemetry(park).name(), device.kafkaKey(), codec.encode(record))));
        }
      }
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
  }

  private static void assertEverythingStoredOnce(
      PlatformClient client, String enterprise, int perDevice) {
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> stored(client, enterprise) == (long) DEVICES * perDevice);
    for (int d = 1; d <= DEVICES; d++) {
      String device = "m-" + enterprise + "-" + d;
      JsonNode status = json(client, devicePath(enterprise, device) + "/status");
      assertThat(status.get("readings").asLong()).as(device + " readings").isEqualTo(perDevice);
      assertThat(status.get("maxSeq").asLong()).as(device + " max seq").isEqualTo(perDevice);
      assertThat(status.get("missing").asLong()).as(device + " missing seqs").isZero();
      JsonNode rollups =
          json(
              client,
              devicePath(enterprise, device)
                  + "/rollups?resolution=1h&points=good_count&from=2020-01-01T00:00:00Z");
      long counted = 0;
      for (JsonNode bucket : rollups.get("rollups")) {
        counted += bucket.get("count").asLong();
      }
      assertThat(counted).as(device + " readings in the hourly rollups").isEqualTo(perDevice);
    }
  }

  /** Readings stored for the enterprise's devices, as the platform reports them. */
  private static long stored(PlatformClient client, String enterprise) {
    long sum = 0;
    for (int d = 1; d <= DEVICES; d++) {
      String device = "m-" + enterprise + "-" + d;
      sum += json(client, devicePath(enterprise, device) + "/status").get("readings").asLong();
    }
    return sum;
  }

  /** Rows in the telemetry table for the enterprise, straight from PostgreSQL. */
  private static long stored(Database db, String enterprise) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var query = c.prepareStatement("SELECT count(*) FROM telemetry WHERE enterprise = ?")) {
      query.setString(1, enterprise);
      try (var rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String devicePath(String enterprise, String device) {
    return "/api/v1/enterprises/" + enterprise + "/devices/" + device;
  }

  private static JsonNode json(PlatformClient client, String path) {
    try {
      return JSON.readTree(client.get(path));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
