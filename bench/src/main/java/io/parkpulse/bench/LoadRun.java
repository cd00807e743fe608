package io.parkpulse.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One open-loop load run: {@code clients} MQTT connections publish QoS 1 telemetry at a fixed total
 * rate for a fixed time, whether or not earlier messages were answered (so a slow server shows as
 * latency and loss, not as a slower load). A message counts as delivered when the server
 * acknowledged it ({@link Mode#PUBACK}: the gateway acknowledges after Kafka stored it) or when a
 * subscriber received it ({@link Mode#SUBSCRIBER}: a plain broker's end-to-end path).
 */
final class LoadRun {

  /** What "delivered" means. */
  enum Mode {
    PUBACK,
    SUBSCRIBER
  }

  /** One device identity to connect with. */
  record Login(String username, String password) {}

  /**
   * The outcome of a run.
   *
   * @param offered messages the generator published on schedule
   * @param delivered messages delivered within the grace period after the run
   */
  record Result(long rate, long offered, long delivered, Histogram latencyMicros) {
    double p50Millis() {
      return latencyMicros.getValueAtPercentile(50) / 1000.0;
    }

    double p99Millis() {
      return latencyMicros.getValueAtPercentile(99) / 1000.0;
    }

    boolean allDelivered() {
      return delivered >= offered;
    }
  }

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final List<Login> logins;
  private final String topic;
  private final int payloadBytes;
  private final Mode mode;

  LoadRun(
      Vertx vertx,
      String host,
      int port,
      List<Login> logins,
      String topic,
      int payloadBytes,
      Mode mode) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.logins = logins;
    this.topic = topic;
    this.payloadBytes = payloadBytes;
    this.mode = mode;
  }

  Result run(long ratePerSecond, Duration duration) throws Exception {
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    ConcurrentHistogram latency = new ConcurrentHistogram(3);
    AtomicLong delivered = new AtomicLong();
    AtomicLong seq = new AtomicLong();
    List<MqttClient> publishers = new ArrayList<>();
    MqttAsyncClient subscriber = null;
    try {
      if (mode == Mode.SUBSCRIBER) {
        subscriber = subscribe(sentAt, latency, delivered);
      }
      for (Login login : logins) {
        MqttClient client = connect(login, login.username());
        Map<Integer, Long> packets = new ConcurrentHashMap<>();
        if (mode == Mode.PUBACK) {
          client.publishCompletionHandler(
              id -> {
                Long s = packets.remove(id);
                if (s != null) {
                  record(s, sentAt, latency, delivered);
                }
              });
        }
        publishers.add(client);
        clientPackets.put(client, packets);
      }

      long offered = publishOpenLoop(publishers, ratePerSecond, duration, sentAt, seq);
      long deadline = System.nanoTime() + GRACE.toNanos();
      while (delivered.get() < offered && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return new Result(ratePerSecond, offered, delivered.get(), latency.copy());
    } finally {
      for (MqttClient client : publishers) {
        disconnect(client);
      }
      if (subscriber != null) {
        subscriber.disconnect().waitForCompletion(5_000);
        subscriber.close();
      }
      clientPackets.clear();
    }
  }

  private final Map<MqttClient, Map<Integer, Long>> clientPackets = new ConcurrentHashMap<>();

  private long publishOpenLoop(
      List<MqttClient> publishers,
      long ratePerSecond,
      Duration duration,
      Map<Long, Long> sentAt,
      AtomicLong seq)
      throws InterruptedException {
    String padding = "x".repeat(Math.max(0, payloadBytes - 80));
    String ts = Instant.now().toString();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long sent = 0;
    int next = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      long due = (long) ((now - start) / 1e9 * ratePerSecond);
      while (sent < due) {
        MqttClient client = publishers.get(next);
        next = (next + 1) % publishers.size();
        long s = seq.incrementAndGet();
        String json =
            "{\"seq\":"
                + s
                + ",\"ts\":\""
                + ts
                + "\",\"metrics\":{\"v\":1,\"pad\":\""
                + padding
                + "\"}}";
        long t0 = System.nanoTime();
        sentAt.put(s, t0);
        Map<Integer, Long> packets = clientPackets.get(client);
        client
            .publish(topic, Buffer.buffer(json), MqttQoS.AT_LEAST_ONCE, false, false)
            .onSuccess(id -> packets.put(id, s));
        sent++;
      }
      Thread.sleep(0, 200_000);
    }
    return sent;
  }

  private static void record(
      long seq, Map<Long, Long> sentAt, ConcurrentHistogram latency, AtomicLong delivered) {
    Long t0 = sentAt.remove(seq);
    if (t0 != null) {
      latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
      delivered.incrementAndGet();
    }
  }

  private static long seqOf(String json) {
    int start = json.indexOf("\"seq\":") + 6;
    int end = json.indexOf(',', start);
    return Long.parseLong(json.substring(start, end));
  }

  private MqttAsyncClient subscribe(
      Map<Long, Long> sentAt, ConcurrentHistogram latency, AtomicLong delivered)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            "tcp://" + host + ":" + port, "bench-subscriber", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(65_535);
    client.connect(options).waitForCompletion(10_000);
    client
        .subscribe(
            topic,
            1,
            (t, message) ->
                record(
                    seqOf(new String(message.getPayload(), StandardCharsets.UTF_8)),
                    sentAt,
                    latency,
                    delivered))
        .waitForCompletion(10_000);
    return client;
  }

  private MqttClient connect(Login login, String clientId) throws Exception {
    MqttClient client =
        MqttClient.create(
            vertx,
            new MqttClientOptions()
                .setClientId(clientId)
                .setUsername(login.username())
                .setPassword(login.password())
                .setMaxInflightQueue(1000)
                .setAutoKeepAlive(true)
                .setMaxMessageSize(1 << 20));
    await(client.connect(port, host));
    return client;
  }

  private static void disconnect(MqttClient client) {
    try {
      await(client.disconnect());
    } catch (Exception e) {
      // the run is over; a client that cannot say goodbye is closed with the Vert.x instance
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    future.onComplete(r -> done.countDown());
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("MQTT operation timed out");
    }
    if (future.failed()) {
      throw new IllegalStateException(future.cause().getMessage(), future.cause());
    }
    return future.result();
  }
}
