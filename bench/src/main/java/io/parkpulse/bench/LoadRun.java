package io.parkpulse.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
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

  private final AtomicLong errors = new AtomicLong();

  private final String host;
  private final int port;
  private final List<Login> logins;
  private final String topic;
  private final int payloadBytes;
  private final Mode mode;

  LoadRun(String host, int port, List<Login> logins, String topic, int payloadBytes, Mode mode) {
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
    List<MqttAsyncClient> publishers = new ArrayList<>();
    MqttAsyncClient subscriber = null;
    try {
      if (mode == Mode.SUBSCRIBER) {
        subscriber = subscribe(sentAt, latency, delivered);
      }
      for (Login login : logins) {
        publishers.add(connect(login));
      }

      IMqttActionListener onPuback =
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              if (mode == Mode.PUBACK) {
                record((Long) token.getUserContext(), sentAt, latency, delivered);
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              if (errors.incrementAndGet() == 1) {
                System.err.println("publish failed: " + error);
              }
            }
          };
      long offered = publishOpenLoop(publishers, ratePerSecond, duration, sentAt, seq, onPuback);
      long deadline = System.nanoTime() + GRACE.toNanos();
      while (delivered.get() < offered && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return new Result(ratePerSecond, offered, delivered.get(), latency.copy());
    } finally {
      for (MqttAsyncClient client : publishers) {
        close(client);
      }
      if (subscriber != null) {
        close(subscriber);
      }
    }
  }

  private long publishOpenLoop(
      List<MqttAsyncClient> publishers,
      long ratePerSecond,
      Duration duration,
      Map<Long, Long> sentAt,
      AtomicLong seq,
      IMqttActionListener onPuback)
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
        MqttAsyncClient client = publishers.get(next);
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
        sentAt.put(s, System.nanoTime());
        try {
          client.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false, s, onPuback);
        } catch (MqttException e) {
          // over the client's in-flight window or disconnected: offered, never delivered
          if (errors.incrementAndGet() == 1) {
            System.err.println("publish failed: " + e);
          }
        }
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

  private MqttAsyncClient connect(Login login) throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            "tcp://" + host + ":" + port, login.username(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(login.username());
    options.setPassword(login.password().toCharArray());
    options.setMaxInflight(1_000);
    options.setAutomaticReconnect(false);
    client.connect(options).waitForCompletion(30_000);
    return client;
  }

  private static void close(MqttAsyncClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close();
    } catch (MqttException e) {
      // the run is over
    }
  }
}
