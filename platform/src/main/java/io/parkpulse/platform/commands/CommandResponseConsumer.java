package io.parkpulse.platform.commands;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.CommandResponseCodec;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.ParkTopicFollower;
import java.time.Clock;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads every park's {@code command-responses.v1} topic and completes the {@link Commands} waiting
 * for them. Every platform instance reads every answer (a consumer group of its own), since the one
 * that sent the command waits for it.
 *
 * <p>A partition this instance has not read before starts at the first answer written after the
 * instance started, not at its end: so no answer is missed while the consumer joins its group, or
 * before it finds the topics of a park created meanwhile (within {@code metadata.max.age.ms}).
 */
public final class CommandResponseConsumer implements Runnable {

  private static final Logger LOG = Logger.getLogger(CommandResponseConsumer.class);

  private final ParkTopicFollower follower;
  private final Commands commands;
  private final Clock clock;
  private final CommandResponseCodec codec = new CommandResponseCodec();
  private final Counter invalid;

  public CommandResponseConsumer(
      Consumer<String, byte[]> consumer,
      String topicPrefix,
      Commands commands,
      Clock clock,
      MeterRegistry meters) {
    this.follower =
        new ParkTopicFollower(
            consumer, topicPrefix, ParkTopic.Kind.COMMAND_RESPONSES, this::handle, clock);
    this.commands = commands;
    this.clock = clock;
    this.invalid =
        Counter.builder("parkpulse.platform.commands.invalid-responses")
            .description("Records on a command-responses topic that were skipped")
            .register(meters);
  }

  @Override
  public void run() {
    follower.run();
  }

  /** Stops reading; the consumer closes on the consumer's thread. */
  public void stop() {
    follower.stop();
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    CommandResponse response;
    try {
      response = codec.decode(record.value());
      follower.checkOrigin(record, response.park(), response.device());
    } catch (IllegalArgumentException | InvalidPayloadException e) {
      invalid.increment();
      LOG.warnf(
          "skipping command response %s-%d@%d: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    commands.complete(response);
  }
}
