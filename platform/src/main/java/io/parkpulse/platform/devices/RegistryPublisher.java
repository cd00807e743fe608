package io.parkpulse.platform.devices;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.CloudEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Moves registry records from the outbox table to the registry topic, oldest first, and deletes
 * them once Kafka acknowledged them. One publisher at a time across platform instances (a
 * PostgreSQL advisory lock held by the transaction that reads, sends and deletes a batch), so that
 * records of one device are never reordered. A record sent but not yet deleted when the platform
 * dies is sent again: the registry is keyed and idempotent.
 *
 * <p>It runs on a thread of its own, and each batch in a Hibernate Reactive transaction on a Vert.x
 * context: the outbox is part of the domain model, written by the services' transactions.
 */
public final class RegistryPublisher implements Runnable {

  private static final Logger LOG = Logger.getLogger(RegistryPublisher.class);
  private static final long LOCK = 0x5061726b50756c73L; // "ParkPuls"
  private static final int BATCH = 500;
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final RegistryOutboxRepository outbox;
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Duration interval;
  private final Counter published;
  private volatile boolean running = true;
  private final Object wake = new Object();

  public RegistryPublisher(
      RegistryOutboxRepository outbox,
      Producer<String, byte[]> producer,
      String topic,
      Duration interval,
      MeterRegistry registry) {
    this.outbox = outbox;
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
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // PostgreSQL or Kafka unavailable: nothing was deleted, the batch is sent again.
        LOG.warnf("registry outbox not published (%s); retrying in %s", e.getMessage(), backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
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
   * Publishes up to one batch of the outbox, waiting on this thread.
   *
   * @return how many records were published
   */
  int publishOnce() throws Exception {
    try {
      int sent = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::batch));
      published.increment(sent);
      return sent;
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** In the transaction: the lock, the oldest records, their sending and their deletion. */
  private Uni<Integer> batch() {
    Context context = Vertx.currentContext();
    return outbox
        .tryLock(LOCK)
        .flatMap(
            locked ->
                locked
                    ? outbox.oldest(BATCH)
                    : Uni.createFrom().item(List.<RegistryOutboxRecord>of()))
        .flatMap(
            records -> {
              if (records.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              List<Long> ids = records.stream().map(r -> r.id).toList();
              // The producer may block (metadata, a full buffer): never on the event loop.
              return Uni.createFrom()
                  .item(() -> send(records))
                  .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                  .flatMap(acks -> Uni.createFrom().completionStage(acks))
                  .ifNoItem()
                  .after(ACK_TIMEOUT)
                  .failWith(
                      () -> new TimeoutException("Kafka did not acknowledge within " + ACK_TIMEOUT))
                  // The session lives on its context: resume there.
                  .emitOn(task -> context.runOnContext(v -> task.run()))
                  .flatMap(acked -> outbox.deleteAll(ids))
                  .replaceWith(ids.size());
            });
  }

  /** Sends the records; completes when Kafka acknowledged them all. */
  private CompletableFuture<Void> send(List<RegistryOutboxRecord> records) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
    for (int i = 0; i < acks.length; i++) {
      RegistryOutboxRecord r = records.get(i);
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, r.key, r.value);
      Map<String, String> headers =
          CloudEvents.headers(
              "io.parkpulse.registry.entry.v1", "/platform/registry", Instant.now());
      headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      CompletableFuture<Void> ack = new CompletableFuture<>();
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              ack.complete(null);
            } else {
              ack.completeExceptionally(error);
            }
          });
      acks[i] = ack;
    }
    return CompletableFuture.allOf(acks);
  }
}
