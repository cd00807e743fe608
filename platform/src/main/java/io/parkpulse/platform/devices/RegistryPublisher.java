package io.parkpulse.platform.devices;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Moves registry records from the outbox table to the registry topic, oldest first, and deletes
 * them once Kafka acknowledged them. One publisher at a time across platform instances (a
 * PostgreSQL advisory lock), so that records of one device are never reordered. A record sent but
 * not yet deleted when the platform dies is sent again: the registry is keyed and idempotent.
 */
public final class RegistryPublisher implements Runnable {

  private static final Logger LOG = Logger.getLogger(RegistryPublisher.class);
  private static final long LOCK = 0x5061726b50756c73L; // "ParkPuls"
  private static final int BATCH = 500;

  private final DataSource dataSource;
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Duration interval;
  private final Counter published;
  private volatile boolean running = true;
  private final Object wake = new Object();

  public RegistryPublisher(
      DataSource dataSource,
      Producer<String, byte[]> producer,
      String topic,
      Duration interval,
      MeterRegistry registry) {
    this.dataSource = dataSource;
    this.producer = producer;
    this.topic = topic;
    this.interval = interval;
    this.published =
        Counter.builder("parkpulse.registry.published")
            .description("Device registry records published for the gateways")
            .register(registry);
  }

  @Override
  public void run() {
    Duration backoff = interval;
    while (running) {
      try {
        int sent = publishOnce();
        backoff = interval;
        if (sent == BATCH) {
          continue;
        }
      } catch (SQLException | ExecutionException | TimeoutException e) {
        LOG.warnf("registry outbox not published (%s); retrying in %s", e.getMessage(), backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      synchronized (wake) {
        try {
          wake.wait(backoff.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Publishes now rather than at the next interval. */
  public void wake() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  public void stop() {
    running = false;
    wake();
  }

  /**
   * Publishes up to one batch of the outbox.
   *
   * @return how many records were published
   */
  int publishOnce()
      throws SQLException, ExecutionException, TimeoutException, InterruptedException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
          lock.setLong(1, LOCK);
          try (ResultSet rs = lock.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
              c.rollback();
              return 0;
            }
          }
        }
        List<Long> ids = new ArrayList<>();
        List<Future<?>> acks = new ArrayList<>();
        try (PreparedStatement query =
            c.prepareStatement(
                "SELECT id, record_key, value FROM registry_outbox ORDER BY id LIMIT " + BATCH)) {
          try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
              ProducerRecord<String, byte[]> record =
                  new ProducerRecord<>(topic, rs.getString(2), rs.getBytes(3));
              Map<String, String> headers =
                  CloudEvents.headers(
                      "io.parkpulse.registry.entry.v1", "/platform/registry", Instant.now());
              headers.forEach(
                  (k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
              acks.add(producer.send(record));
            }
          }
        }
        for (Future<?> ack : acks) {
          ack.get(30, TimeUnit.SECONDS);
        }
        if (!ids.isEmpty()) {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM registry_outbox WHERE id = ANY (?)")) {
            delete.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            delete.executeUpdate();
          }
        }
        c.commit();
        published.increment(ids.size());
        return ids.size();
      } catch (SQLException | RuntimeException | ExecutionException | TimeoutException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
