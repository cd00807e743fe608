package io.parkpulse.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Whether the Kafka cluster answers, for readiness checks: asks for its nodes with a short timeout,
 * at most once per {@code every}, so that a probe every second costs one request every few.
 */
public final class KafkaReachability implements AutoCloseable {

  private final Admin admin;
  private final Duration timeout;
  private final long everyNanos;
  private long checkedAt;
  private boolean reachable;
  private String detail = "not checked yet";

  /**
   * @param client the apps' client settings (brokers and security), see {@link
   *     KafkaClientSettings#with}
   */
  public KafkaReachability(Map<String, Object> client, Duration timeout, Duration every) {
    Map<String, Object> settings = new HashMap<>(client);
    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "parkpulse-readiness");
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.admin = Admin.create(settings);
    this.timeout = timeout;
    this.everyNanos = every.toNanos();
    this.checkedAt = System.nanoTime() - everyNanos;
  }

  /** Whether the cluster answered at the last check (made now if the last is too old). */
  public synchronized boolean reachable() {
    if (System.nanoTime() - checkedAt >= everyNanos) {
      try {
        int nodes =
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        reachable = nodes > 0;
        detail = nodes + " broker(s)";
      } catch (Exception e) {
        reachable = false;
        detail = "no answer: " + e.getClass().getSimpleName();
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
      checkedAt = System.nanoTime();
    }
    return reachable;
  }

  /** What the last check found, for the health check's data. */
  public synchronized String detail() {
    return detail;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
