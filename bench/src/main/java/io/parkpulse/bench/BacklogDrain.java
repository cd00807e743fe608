package io.parkpulse.bench;

import io.parkpulse.agent.forward.Forwarder;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.agent.store.Recorder;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An edge agent that was cut off reconnects with a backlog while other machines keep publishing
 * live: the real agent's store and forwarder drain N readings of 200 points through the gateway,
 * Kafka and the platform into PostgreSQL, while live devices send a reading a second. Measures the
 * drain (readings/s stored) and the live data's freshness (now − newest stored reading of a live
 * device, sampled every 250 ms) before and during the drain.
 */
public final class BacklogDrain {

  private static final String PARK = "backlog";
  private static final String ENTERPRISE = "backlog-co";
  private static final String PASSWORD = "bench-admin-password";
  private static final int POINTS = 200;

  private BacklogDrain() {}

  public static void main(String[] args) throws Exception {
    int backlog = Integer.parseInt(args.length > 0 ? args[0] : "20000");
    int liveDevices = Integer.parseInt(args.length > 1 ? args[1] : "20");
    boolean unlimitedDevices = args.length > 2 && args[2].equals("unlimited");
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("backlog-bench");
    Apps apps = new Apps(work);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            "machine: %d cores; backlog %,d readings of %d points; %d live devices at 1 Hz (%d"
                + " points); device rate %s; Kafka, PostgreSQL 17 (embedded, fsync on), platform,"
                + " gateway and this load on the same machine",
            Runtime.getRuntime().availableProcessors(),
            backlog,
            POINTS,
            liveDevices,
            POINTS,
            unlimitedDevices ? "unlimited" : "the park's default, 100 messages/s"));

    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
            apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g");
        Postgres pg = Postgres.embedded(work.resolve("postgres"), Ports.free())) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      Database db = pg.database();
      int http = Ports.free();
      int gatewayHttp = Ports.free();
      int mqtt = Ports.free();
      try (ManagedProcess platform =
              apps.platform(
                  home.resolve("platform/target/quarkus-app/quarkus-run.jar"),
                  http,
                  bootstrap,
                  db,
                  PASSWORD);
          ManagedProcess gateway =
              startGateway(
                  apps, home, gatewayHttp, mqtt, bootstrap, platform, http, unlimitedDevices)) {
        PlatformClient client = PlatformClient.login("http://127.0.0.1:" + http, "admin", PASSWORD);
        String backlogSecret = client.deviceSecret(ENTERPRISE, "controller", "Cut-off controller");
        Map<String, String> live = new LinkedHashMap<>();
        for (int d = 1; d <= liveDevices; d++) {
          String id = String.format("live-%02d", d);
          live.put(id, client.deviceSecret(ENTERPRISE, id, id));
        }

        // The backlog, taken while the controller was cut off: stored by the agent's recorder.
        DeviceRef controller = new DeviceRef(ENTERPRISE, "controller");
        ReadingStore store =
            ReadingStore.open(work.resolve("store"), 8L << 30, ReadingStore.Overflow.DROP_OLDEST);
        Recorder recorder = new Recorder(store, () -> {});
        Thread recording = new Thread(recorder, "recorder");
        recording.start();
        Instant first = Instant.now().minus(Duration.ofMinutes(50));
        for (int i = 0; i < backlog; i++) {
          while (recorder.pending() > 10_000) {
            Thread.onSpinWait();
          }
          recorder.take(controller, first.plusMillis(i * 100L), metrics(i));
        }
        recorder.stop();
        recording.join();

        AtomicBoolean publishing = new AtomicBoolean(true);
        List<Thread> publishers = new ArrayList<>();
        for (Map.Entry<String, String> device : live.entrySet()) {
          Thread t =
              new Thread(
                  () -> publishLive(mqtt, device.getKey(), device.getValue(), publishing),
                  "live-" + device.getKey());
          t.start();
          publishers.add(t);
        }
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
          List<Long> before = freshness(c, live.keySet(), Duration.ofSeconds(15), () -> false);

          Forwarder forwarder =
              new Forwarder(
                  store,
                  new Forwarder.Settings(
                      "tcp://127.0.0.1:" + mqtt, controller, backlogSecret, 16, 20, null, null));
          Thread forwarding = new Thread(forwarder, "forwarder");
          long start = System.nanoTime();
          forwarding.start();
          long[] sentNanos = {0};
          List<Long> during =
              freshness(
                  c,
                  live.keySet(),
                  Duration.ofHours(2),
                  () -> {
                    if (sentNanos[0] == 0 && store.depth() == 0) {
                      sentNanos[0] = System.nanoTime();
                    }
                    return storedOf(c, "controller") >= backlog;
                  });
          double drained = backlog / ((System.nanoTime() - start) / 1e9);
          double sent = backlog / ((sentNanos[0] - start) / 1e9);
          forwarder.stop();
          forwarding.join();
          publishing.set(false);
          for (Thread t : publishers) {
            t.join();
          }
          report.add(
              String.format(
                  "drain: %,d readings sent by the agent at %,.0f readings/s, stored in"
                      + " PostgreSQL at %,.0f readings/s (%,.0f point values/s)",
                  backlog, sent, drained, drained * POINTS));
          report.add(
              String.format(
                  "  24 h at 1 Hz (86,400 readings) would take %.0f s at that rate",
                  86_400 / drained));
          report.add(
              "live freshness (now - newest stored reading), ms: "
                  + summary(before)
                  + " before the drain; "
                  + summary(during)
                  + " during it");
        }
      }
    }
    report.forEach(System.out::println);
  }

  private static ManagedProcess startGateway(
      Apps apps,
      Path home,
      int http,
      int mqtt,
      String bootstrap,
      ManagedProcess platform,
      int api,
      boolean unlimitedDevices)
      throws Exception {
    platform.awaitHttpOk(Apps.readyUrl(api), Duration.ofMinutes(2));
    PlatformClient client = PlatformClient.login("http://127.0.0.1:" + api, "admin", PASSWORD);
    client.ensurePark(PARK, "Backlog park");
    client.ensureEnterprise(PARK, ENTERPRISE, "Backlog", "machining", "small");
    // The enterprise's limits are lifted: the live devices and the controller share them. The
    // device rate stays at the park's default (100 messages/s) unless the third argument says
    // "unlimited".
    client.put(
        "/api/v1/enterprises/" + ENTERPRISE + "/limits",
        Map.of("enterpriseMessagesPerSecond", 0, "enterpriseBytesPerDay", 0));
    if (unlimitedDevices) {
      client.put(
          "/api/v1/parks/" + PARK + "/limits",
          Map.of("deviceMessagesPerSecond", 0, "deviceBytesPerDay", 0));
    }
    ManagedProcess gateway =
        apps.gateway(
            home.resolve("gateway/target/quarkus-app/quarkus-run.jar"), http, mqtt, bootstrap);
    gateway.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(2));
    return gateway;
  }

  /** A live device: a reading of {@link #POINTS} points a second, QoS 1, until told to stop. */
  private static void publishLive(int port, String device, String secret, AtomicBoolean on) {
    String user = device + "@" + ENTERPRISE;
    TelemetryCodec codec = new TelemetryCodec();
    try {
      MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, user, new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setUserName(user);
      options.setPassword(secret.toCharArray());
      client.connect(options);
      for (long seq = 1; on.get(); seq++) {
        client.publish(
            "telemetry",
            codec.encodeDevicePayload(List.of(new Reading(seq, Instant.now(), metrics(seq)))),
            1,
            false);
        Thread.sleep(1000);
      }
      client.disconnect();
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException(device + " stopped publishing", e);
    }
  }

  /** Samples every 250 ms, until {@code done} or {@code max}: now − newest live reading. */
  private static List<Long> freshness(
      Connection c, Iterable<String> devices, Duration max, Check done) throws Exception {
    List<String> ids = new ArrayList<>();
    devices.forEach(ids::add);
    List<Long> samples = new ArrayList<>();
    long end = System.nanoTime() + max.toNanos();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT min(newest) FROM (SELECT max(ts) AS newest FROM telemetry"
                + " WHERE park = ? AND enterprise = ? AND device = ANY(?) GROUP BY device) d")) {
      q.setString(1, PARK);
      q.setString(2, ENTERPRISE);
      q.setArray(3, c.createArrayOf("text", ids.toArray()));
      while (System.nanoTime() < end && !done.test()) {
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            Timestamp oldest = rs.getTimestamp(1);
            if (oldest != null) {
              samples.add(Duration.between(oldest.toInstant(), Instant.now()).toMillis());
            }
          }
        }
        Thread.sleep(250);
      }
    }
    return samples;
  }

  private static long storedOf(Connection c, String device) throws Exception {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT count(*) FROM telemetry WHERE park = ? AND enterprise = ? AND device = ?")) {
      q.setString(1, PARK);
      q.setString(2, ENTERPRISE);
      q.setString(3, device);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A condition checked between samples. */
  @FunctionalInterface
  private interface Check {
    boolean test() throws Exception;
  }

  private static String summary(List<Long> samples) {
    if (samples.isEmpty()) {
      return "no sample";
    }
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return String.format(
        "p50 %d, p99 %d, max %d (%d samples)",
        sorted.get(sorted.size() / 2),
        sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }

  /** {@link #POINTS} points: counters, gauges and a state, as a line controller reads. */
  private static Map<String, Object> metrics(long i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", i % 50 == 0 ? "IDLE" : "RUNNING");
    for (int p = 1; p < POINTS; p++) {
      m.put(
          String.format("p%03d", p), p % 3 == 0 ? (Object) (i + p) : (Object) ((i % 97) * 0.1 + p));
    }
    return m;
  }
}
