package io.parkpulse.gateway.commands;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandRequestCodec;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.ParkTopicFollower;
import java.time.Clock;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads every park's {@code commands.v1} topic and hands each command to the connection of its
 * device, if that device is connected to this gateway. Every gateway instance reads every command
 * (a consumer group of its own): a device is connected to one of them, and that one delivers it.
 *
 * <p>Commands are delivered at most once. A partition this instance has not read before starts at
 * the first command written after the instance started (not at its end, so that commands of a park
 * created meanwhile, or written while the consumer joined, are not missed); a command whose {@code
 * expiresAt} has passed is not delivered, since nobody waits for its answer any more.
 */
public final class CommandConsumer implements Runnable {

  private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

  private final ParkTopicFollower follower;
  private final CommandRouter router;
  private final Clock clock;
  private final CommandRequestCodec codec = new CommandRequestCodec();
  private final Counter delivered;
  private final Counter expired;
  private final Counter notSubscribed;
  private final Counter invalid;

  public CommandConsumer(
      Consumer<String, byte[]> consumer,
      String topicPrefix,
      CommandRouter router,
      Clock clock,
      MeterRegistry meters) {
    this.follower =
        new ParkTopicFollower(consumer, topicPrefix, ParkTopic.Kind.COMMANDS, this::handle, clock);
    this.router = router;
    this.clock = clock;
    this.delivered = counter(meters, "delivered", "Commands published to a device's connection");
    this.expired = counter(meters, "expired", "Commands for a device here, not delivered: expired");
    this.notSubscribed =
        counter(
            meters,
            "unsubscribed",
            "Commands for a device here, not delivered: it has not subscribed to command///req/#");
    this.invalid = counter(meters, "invalid", "Records on a commands topic that were skipped");
  }

  private static Counter counter(MeterRegistry meters, String name, String description) {
    return Counter.builder("parkpulse.gateway.commands." + name)
        .description(description)
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

  /** Whether the consumer has been given the partitions of the commands topics at least once. */
  public boolean isAssigned() {
    return follower.isAssigned();
  }

  void handle(ConsumerRecord<String, byte[]> record) {
    CommandRequest request;
    try {
      request = codec.decode(record.value());
      follower.checkOrigin(record, request.park(), request.device());
    } catch (IllegalArgumentException | InvalidPayloadException e) {
      invalid.increment();
      LOG.warnf(
          "skipping command record %s-%d@%d: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    if (!router.holds(request.device())) {
      return; // connected to another gateway, or not at all
    }
    if (request.expiredAt(clock.instant())) {
      expired.increment();
      LOG.debugf("command %s for %s expired", request.requestId(), request.device().username());
      return;
    }
    switch (router.deliver(request)) {
      case DELIVERED -> delivered.increment();
      case NOT_SUBSCRIBED -> {
        notSubscribed.increment();
        LOG.infof(
            "command %s for %s not delivered: the device has not subscribed to command///req/#",
            request.requestId(), request.device().username());
      }
      case NOT_CONNECTED -> {
        // It went away meanwhile.
      }
    }
  }
}
