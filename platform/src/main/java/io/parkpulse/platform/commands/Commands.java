package io.parkpulse.platform.commands;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandRequestCodec;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Sends commands to devices and hands back their answers: a command is written to the park's {@code
 * commands.v1} topic, the gateway holding the device's connection delivers it, and the device's
 * answer comes back on {@code command-responses.v1}, where the {@link CommandResponseConsumer} of
 * every platform instance reads it and the one that sent the command completes it. Nothing blocks a
 * caller: {@link #send} returns a future.
 */
public final class Commands implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Commands.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A command sent from this instance that waits for its answer. */
  private record Pending(DeviceRef device, CompletableFuture<CommandResponse> answer) {}

  private final Producer<String, byte[]> producer;
  private final String prefix;
  private final Clock clock;
  private final CommandRequestCodec codec = new CommandRequestCodec();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "command-send");
            thread.setDaemon(true);
            return thread;
          });
  private final Counter answered;
  private final Counter timedOut;
  private final Counter notSent;
  private final Counter foreignAnswers;

  public Commands(
      Producer<String, byte[]> producer, String topicPrefix, Clock clock, MeterRegistry meters) {
    this.producer = producer;
    this.prefix = topicPrefix;
    this.clock = clock;
    this.answered = outcome(meters, "answered");
    this.timedOut = outcome(meters, "timed-out");
    this.notSent = outcome(meters, "not-sent");
    this.foreignAnswers =
        Counter.builder("parkpulse.platform.commands.mismatched-responses")
            .description("Answers with a waiting request id that came from another device")
            .register(meters);
  }

  private static Counter outcome(MeterRegistry meters, String outcome) {
    return Counter.builder("parkpulse.platform.commands")
        .tag("outcome", outcome)
        .description("Commands sent through the API, by what became of them")
        .register(meters);
  }

  /** A new request id: 128 random bits, URL-safe Base64, safe as an MQTT topic level. */
  public static String newRequestId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Sends {@code request}.
   *
   * @return completes with the device's answer; fails with a {@link TimeoutException} if none came
   *     by the request's {@code expiresAt}, or with a {@link CommandNotSentException} if Kafka did
   *     not take the command
   */
  public CompletableFuture<CommandResponse> send(CommandRequest request) {
    CompletableFuture<CommandResponse> answer = new CompletableFuture<>();
    String id = request.requestId();
    pending.put(id, new Pending(request.device(), answer));
    long waitMs = Math.max(0, Duration.between(clock.instant(), request.expiresAt()).toMillis());
    answer
        .orTimeout(waitMs, TimeUnit.MILLISECONDS)
        .whenComplete(
            (response, error) -> {
              pending.remove(id);
              if (error == null) {
                answered.increment();
              } else if (error instanceof TimeoutException) {
                timedOut.increment();
              } else {
                notSent.increment();
              }
            });
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            new ParkTopic(prefix, request.park(), ParkTopic.Kind.COMMANDS).name(),
            request.device().kafkaKey(),
            codec.encode(request));
    CloudEvents.headers(
            CloudEvents.COMMAND_REQUEST_TYPE, CloudEvents.PLATFORM_COMMANDS_SOURCE, clock.instant())
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    try {
      // The producer may block while it fetches metadata: never on the caller's thread.
      sender.execute(
          () -> {
            try {
              producer.send(
                  record,
                  (metadata, error) -> {
                    if (error != null) {
                      answer.completeExceptionally(new CommandNotSentException(error));
                    }
                  });
            } catch (RuntimeException e) {
              answer.completeExceptionally(new CommandNotSentException(e));
            }
          });
    } catch (RuntimeException e) {
      answer.completeExceptionally(new CommandNotSentException(e));
    }
    return answer;
  }

  /**
   * Completes the command {@code response} answers, if it was sent from this instance and the
   * answer comes from the device it was sent to.
   *
   * @return whether a waiting command was completed
   */
  public boolean complete(CommandResponse response) {
    Pending waiting = pending.get(response.requestId());
    if (waiting == null) {
      return false; // sent by another instance, or no longer waited for
    }
    if (!waiting.device().equals(response.device())) {
      foreignAnswers.increment();
      LOG.warnf(
          "ignoring an answer to %s from %s: the command went to %s",
          response.requestId(), response.device().kafkaKey(), waiting.device().kafkaKey());
      return false;
    }
    return waiting.answer().complete(response);
  }

  /** Commands waiting for their answer. */
  public int waiting() {
    return pending.size();
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
    pending
        .values()
        .forEach(
            p ->
                p.answer()
                    .completeExceptionally(
                        new CommandNotSentException(
                            new IllegalStateException("the platform is stopping"))));
  }
}
