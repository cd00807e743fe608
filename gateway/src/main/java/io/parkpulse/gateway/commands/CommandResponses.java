package io.parkpulse.gateway.commands;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.ParkTopicNames;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.CommandResponseCodec;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.ParkTopic;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Writes the answers devices publish on {@code command///res/{requestId}/{status}} to the park's
 * {@code command-responses.v1} topic. An answer whose payload is not JSON is dead-lettered: a
 * client error, acknowledged like bad telemetry so that the device does not resend it forever.
 */
public final class CommandResponses {

  private static final Logger LOG = Logger.getLogger(CommandResponses.class);

  private final ParkTopicNames topics;
  private final RecordSink sink;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final CommandResponseCodec codec = new CommandResponseCodec();
  private final Counter stored;
  private final Counter invalid;

  public CommandResponses(
      String topicPrefix,
      RecordSink sink,
      DeadLetters deadLetters,
      Clock clock,
      MeterRegistry meters) {
    this.topics = new ParkTopicNames(topicPrefix, ParkTopic.Kind.COMMAND_RESPONSES);
    this.sink = sink;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.stored =
        Counter.builder("parkpulse.gateway.commands.responses")
            .description("Answers to commands written to Kafka")
            .register(meters);
    this.invalid =
        Counter.builder("parkpulse.gateway.rejected")
            .tag("reason", "invalid-command-response")
            .description("Messages refused")
            .register(meters);
  }

  /**
   * Writes the answer {@code device} of {@code park} published to request {@code requestId}.
   *
   * @return completes when Kafka stored the response (or its dead letter); fails if it could not
   */
  public CompletableFuture<Void> accept(
      String park, DeviceRef device, String requestId, int status, byte[] payload) {
    Instant now = clock.instant();
    CommandResponse response;
    try {
      response = codec.fromDevice(park, device, requestId, status, payload, now);
    } catch (InvalidPayloadException e) {
      invalid.increment();
      LOG.debugf("dead-lettering the answer of %s to %s: %s", device.username(), requestId, e);
      return deadLetters.send(device, payload, e.getMessage(), "mqtt:command-response", now);
    }
    return sink.send(
            topics.of(park),
            device.kafkaKey(),
            codec.encode(response),
            CloudEvents.headers(
                CloudEvents.COMMAND_RESPONSE_TYPE, CloudEvents.sourceOf(device), now))
        .thenRun(stored::increment);
  }
}
