package io.parkpulse.platform.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.derived.DerivedPoints;
import io.parkpulse.platform.ingest.DatabaseErrors.Cause;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads every park's telemetry and events topics and writes them to PostgreSQL. Offsets are
 * committed only after the rows are committed, so a crash replays rather than loses; replays are
 * harmless because a reading already stored is skipped. A record that is not a valid telemetry
 * record or event goes to the dead-letter topic and never stalls its partition: a client error,
 * counted and never retried.
 *
 * <p>A batch PostgreSQL does not take is retried from the same offsets, so nothing is skipped or
 * lost, as {@link DatabaseErrors} classifies the failure: a transient one (connection lost,
 * serialization failure, server restarting) with backoff up to {@code maxBackoff}; a permanent one
 * (credentials refused, database or table missing) every {@code permanentRetry}, logged once with
 * what to fix and reported by {@link #problem()} for readiness. A permanent failure does not stop
 * the ingest or the process: once someone fixes the cause, the next retry stores the batch and
 * ingest resumes by itself.
 *
 * <p>A reading of a device whose profile has derived points gets their values added to its metrics
 * before it is stored, so that they are stored, rolled up and read like measured points. A point
 * without a value in a reading (an input missing, a division by zero) is left out of it; it never
 * fails the reading or the batch.
 */
public final class TelemetryIngestor implements Runnable {

  private static final Logger LOG = Logger.getLogger(TelemetryIngestor.class);

  /** Is handed the readings of each batch once they are stored: the alarm rules' input. */
  @FunctionalInterface
  public interface StoredReadings {
    void stored(List<TelemetryRecord> readings) throws InterruptedException;
  }

  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> deadLetters;
  private final String deadLetterTopic;
  private final String topicPrefix;
  private final TelemetryWriter writer;
  private final StoredReadings listener;
  private final Function<DeviceRef, DerivedPoints> derived;
  private final TelemetryCodec codec = new TelemetryCodec();
  private final EventCodec events = new EventCodec();
  private final DatabaseErrors errors;
  private final Duration maxBackoff;
  private final Duration permanentRetry;
  private final int maxBatch;
  private final int pollSize;
  private final Counter stored;
  private final Counter invalid;
  private final Map<Cause, Counter> storeFailures = new EnumMap<>(Cause.class);
  private final KafkaClientMetrics clientMetrics;
  private volatile boolean running = true;
  private volatile boolean healthy;

  /** The failure of the last batch, until a batch is stored or Kafka has nothing to store. */
  private volatile DatabaseErrors.Failure problem;

  /** The permanent cause already logged: logged once until a batch is stored again. */
  private Cause reported;

  private Map<TopicPartition, OffsetAndMetadata> lastStored;

  /** Topic name → its park and kind: parsed once per topic, not per record. */
  private final Map<String, ParkTopic> topics = new HashMap<>();

  /**
   * @param topicPrefix the prefix of the topics read ({@code {prefix}.{park}.telemetry.v1} and
   *     {@code .events.v1}) and of the dead-letter topic
   * @param derived each device's derived points, {@link DerivedPoints#NONE} for most
   */
  public TelemetryIngestor(
      Consumer<String, byte[]> consumer,
      Producer<String, byte[]> deadLetters,
      String topicPrefix,
      TelemetryWriter writer,
      StoredReadings listener,
      Function<DeviceRef, DerivedPoints> derived,
      DatabaseErrors errors,
      int maxBatch,
      int pollSize,
      Duration maxBackoff,
      Duration permanentRetry,
      MeterRegistry registry) {
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.topicPrefix = topicPrefix;
    this.deadLetterTopic = ParkTopic.deadLetter(topicPrefix);
    this.writer = writer;
    this.listener = listener;
    this.derived = derived;
    this.errors = errors;
    this.maxBackoff = maxBackoff;
    this.permanentRetry = permanentRetry;
    this.maxBatch = maxBatch;
    this.pollSize = pollSize;
    this.stored =
        Counter.builder("parkpulse.ingest.readings")
            .description("Readings newly stored in PostgreSQL")
            .register(registry);
    this.invalid =
        Counter.builder("parkpulse.ingest.dead.letters")
            .description(
                "Records that were not valid telemetry or events, sent to the dead-letter topic")
            .register(registry);
    // Every cause from the start, at 0: a series that first appears at 1 shows no increase.
    // Migrations fail at start only, never here.
    for (Cause cause : Cause.values()) {
      if (cause == Cause.MIGRATION) {
        continue;
      }
      storeFailures.put(
          cause,
          Counter.builder("parkpulse.ingest.store.failures")
              .description(
                  "Batches PostgreSQL did not take, by kind (transient, permanent) and cause;"
                      + " they are retried")
              .tag("kind", cause.kind().tag())
              .tag("cause", cause.tag())
              .register(registry));
    }
    // The consumer's own metrics, consumer lag (kafka.consumer.fetch.manager.records.lag.max)
    // among them; removed from the registry when the consumer closes.
    this.clientMetrics = new KafkaClientMetrics(consumer);
    clientMetrics.bindTo(registry);
  }

  @Override
  public void run() {
    consumer.subscribe(
        Pattern.compile(
            ParkTopic.patternFor(topicPrefix, ParkTopic.Kind.TELEMETRY).pattern()
                + "|"
                + ParkTopic.patternFor(topicPrefix, ParkTopic.Kind.EVENTS).pattern()));
    ExecutorService writes =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "telemetry-write"));
    Duration backoff = Duration.ofMillis(200);
    // While PostgreSQL writes one batch, this thread polls, decodes and prepares the next one,
    // which grows until the write is done or the batch is full: the slower the database, the
    // bigger the batches it gets.
    Future<Integer> pending = null;
    List<ConsumerRecords<String, byte[]>> pendingRecords = List.of();
    List<TelemetryRecord> pendingReadings = List.of();
    TelemetryWriter.Prepared next = writer.prepare();
    List<ConsumerRecords<String, byte[]>> nextRecords = new ArrayList<>();
    List<TelemetryRecord> nextReadings = new ArrayList<>();
    int nextCount = 0;
    try {
      while (running) {
        boolean full = nextCount + pollSize > maxBatch;
        if (pending != null && (full || pending.isDone())) {
          try {
            stored.increment(pending.get());
            commit(offsetsAfter(pendingRecords));
            listener.stored(pendingReadings);
            backoff = Duration.ofMillis(200);
            if (reported != null) {
              LOG.info("PostgreSQL stores again: ingest resumed");
              reported = null;
            }
            problem = null;
            healthy = true;
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof SQLException sqlFailure)) {
              throw new IllegalStateException("ingest failed", e.getCause());
            }
            DatabaseErrors.Failure failure = errors.classify(sqlFailure);
            storeFailures.get(failure.cause()).increment();
            problem = failure;
            healthy = false;
            rewind(pendingRecords, nextRecords);
            Duration wait;
            if (failure.permanent()) {
              wait = permanentRetry;
              if (failure.cause() != reported) {
                reported = failure.cause();
                LOG.errorf(
                    "PostgreSQL did not store %d records and will not until this is fixed: %s."
                        + " Ingest retries every %s from the same offsets, skipping nothing;"
                        + " logged once",
                    count(pendingRecords), failure.message(), wait);
              } else {
                LOG.debugf("still refused, retrying in %s: %s", wait, failure.message());
              }
            } else {
              wait = backoff;
              LOG.warnf(
                  "PostgreSQL did not store %d records (%s); retrying in %s",
                  count(pendingRecords), sqlFailure.getMessage(), backoff);
              backoff =
                  backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                      ? maxBackoff
                      : backoff.multipliedBy(2);
            }
            next = writer.prepare();
            nextRecords = new ArrayList<>();
            nextReadings = new ArrayList<>();
            nextCount = 0;
            pause(wait);
            continue;
          } finally {
            pending = null;
          }
        }
        if (pending == null && !nextRecords.isEmpty()) {
          if (next.isEmpty()) {
            // Only dead letters: nothing to store, their offsets can go.
            commit(offsetsAfter(nextRecords));
          } else {
            TelemetryWriter.Prepared batch = next;
            pending = writes.submit(() -> writer.write(batch));
            pendingRecords = nextRecords;
            pendingReadings = nextReadings;
          }
          next = writer.prepare();
          nextRecords = new ArrayList<>();
          nextReadings = new ArrayList<>();
          nextCount = 0;
        }
        if (nextCount + pollSize > maxBatch) {
          continue;
        }
        ConsumerRecords<String, byte[]> records =
            consumer.poll(pending == null ? Duration.ofMillis(500) : Duration.ofMillis(5));
        if (!records.isEmpty()) {
          IngestBatch decoded = decode(records);
          next.add(decoded);
          nextReadings.addAll(decoded.readings());
          nextRecords.add(records);
          nextCount += records.count();
        } else if (pending == null) {
          // Kafka answered and nothing is waiting for PostgreSQL.
          problem = null;
          healthy = true;
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finish(pending, pendingRecords);
      writes.shutdown();
      try {
        if (lastStored != null) {
          consumer.commitSync(lastStored);
        }
      } catch (RuntimeException e) {
        LOG.warnf("offsets not committed at stop (%s); a restart replays them", e.toString());
      }
      clientMetrics.close();
      consumer.close();
    }
  }

  /** Lets a batch being written at stop finish, so that its offsets can be committed. */
  private void finish(Future<Integer> pending, List<ConsumerRecords<String, byte[]>> records) {
    if (pending == null) {
      return;
    }
    try {
      stored.increment(pending.get(15, TimeUnit.SECONDS));
      lastStored = offsetsAfter(records);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warnf("the last batch was not stored at stop (%s); a restart replays it", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Commits offsets of stored records, asynchronously: a lost commit only replays them. */
  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    lastStored = offsets;
    consumer.commitAsync(
        offsets,
        (committed, error) -> {
          if (error != null) {
            LOG.warnf("offsets not committed (%s); a restart replays them", error.toString());
          }
        });
  }

  /** Whether the last poll reached Kafka and the last batch reached PostgreSQL. */
  public boolean isHealthy() {
    return healthy;
  }

  /** Why the last batch was not stored, while it is not: what readiness reports. */
  public Optional<DatabaseErrors.Failure> problem() {
    return Optional.ofNullable(problem);
  }

  /** Stops the loop; the consumer closes on the ingest thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  /** The valid readings and events of {@code records}; the others are dead-lettered. */
  private IngestBatch decode(ConsumerRecords<String, byte[]> records) {
    List<TelemetryRecord> readings = new ArrayList<>(records.count());
    List<byte[]> metricsJson = new ArrayList<>(records.count());
    List<DeviceEvent> deviceEvents = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        ParkTopic topic = topicOf(record.topic());
        if (topic.kind() == ParkTopic.Kind.EVENTS) {
          DeviceEvent event = events.decode(record.value());
          requireAgreement(record, topic, event.park(), event.device());
          deviceEvents.add(event);
        } else {
          TelemetryCodec.Decoded decoded = codec.decodeKeepingMetrics(record.value());
          requireAgreement(record, topic, decoded.record().park(), decoded.record().device());
          decoded = DerivedMetrics.add(derived.apply(decoded.record().device()), decoded);
          readings.add(decoded.record());
          metricsJson.add(decoded.metricsJson());
        }
      } catch (InvalidPayloadException e) {
        deadLetter(record, e.getMessage());
      }
    }
    return new IngestBatch(readings, metricsJson, deviceEvents);
  }

  /**
   * Refuses a record whose value names another park than its topic ({@code
   * {prefix}.{park}.{kind}.v1}) or another device than its key: only the gateway, which chose both
   * from the device's registry entry, may write these topics, and a record that disagrees with
   * itself was written by someone else.
   */
  private static void requireAgreement(
      ConsumerRecord<String, byte[]> record, ParkTopic topic, String park, DeviceRef device)
      throws InvalidPayloadException {
    if (!park.equals(topic.park())) {
      throw new InvalidPayloadException(
          "the value names park '" + park + "' but the record is on " + record.topic());
    }
    if (!device.kafkaKey().equals(record.key())) {
      throw new InvalidPayloadException(
          "the value names device '"
              + device.kafkaKey()
              + "' but the record's key is '"
              + record.key()
              + "'");
    }
  }

  /** The topic a record came from: one the subscription's pattern matched, so one of ours. */
  private ParkTopic topicOf(String name) {
    return topics.computeIfAbsent(
        name,
        t ->
            ParkTopic.parse(topicPrefix, t)
                .orElseThrow(() -> new IllegalStateException("not a per-park topic: " + t)));
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    invalid.increment();
    LOG.warnf(
        "dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
    ProducerRecord<String, byte[]> dead =
        new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
    Map<String, String> headers =
        CloudEvents.headers(DeadLetter.TYPE, "/platform/ingest", Instant.now());
    headers.put(DeadLetter.REASON, reason);
    headers.put(
        DeadLetter.ORIGIN, record.topic() + "-" + record.partition() + "@" + record.offset());
    headers.forEach((k, v) -> dead.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    try {
      deadLetters.send(dead).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write to " + deadLetterTopic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering", e);
    }
  }

  /** The offsets to commit once {@code polls} are stored: each partition's next record. */
  private static Map<TopicPartition, OffsetAndMetadata> offsetsAfter(
      List<ConsumerRecords<String, byte[]>> polls) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecords<String, byte[]> records : polls) {
      for (TopicPartition tp : records.partitions()) {
        List<ConsumerRecord<String, byte[]>> inPartition = records.records(tp);
        long after = inPartition.get(inPartition.size() - 1).offset() + 1;
        offsets.merge(tp, new OffsetAndMetadata(after), (a, b) -> a.offset() >= b.offset() ? a : b);
      }
    }
    return offsets;
  }

  private static int count(List<ConsumerRecords<String, byte[]>> polls) {
    return polls.stream().mapToInt(ConsumerRecords::count).sum();
  }

  /** Seeks back to the first of the polled records in every partition they touch. */
  @SafeVarargs
  private void rewind(List<ConsumerRecords<String, byte[]>>... batches) {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (List<ConsumerRecords<String, byte[]>> polls : batches) {
      for (ConsumerRecords<String, byte[]> batch : polls) {
        for (ConsumerRecord<String, byte[]> r : batch) {
          first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
      }
    }
    first.forEach(consumer::seek);
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
