package io.parkpulse.gateway.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * How many gateways are alive, so that each enforces its share of an enterprise's limits: every
 * gateway is a member of one Kafka consumer group, and the group's size is the count. The member
 * subscribes to the registry topic but pauses what it is assigned, so it reads nothing; it only
 * keeps its membership. A gateway that dies leaves the group after the session timeout.
 *
 * <p>Until the first count, and whenever Kafka cannot be asked, the last count stands (at first
 * {@code initial}).
 */
public final class LiveGateways implements Runnable, IntSupplier {

  private static final Logger LOG = Logger.getLogger(LiveGateways.class.getName());

  private final Consumer<?, ?> member;
  private final Admin admin;
  private final String topic;
  private final String group;
  private final Duration refresh;
  private volatile int count;
  private volatile boolean running = true;

  /**
   * @param member a consumer in {@code group}; this object closes it
   * @param admin to describe the group; this object closes it
   */
  public LiveGateways(
      Consumer<?, ?> member,
      Admin admin,
      String topic,
      String group,
      Duration refresh,
      int initial) {
    this.member = member;
    this.admin = admin;
    this.topic = topic;
    this.group = group;
    this.refresh = refresh;
    this.count = Math.max(1, initial);
  }

  /** The consumer settings of a member (without brokers and security). */
  public static Map<String, Object> memberSettings(String group, Duration sessionTimeout) {
    return Map.of(
        "group.id",
        group,
        "client.id",
        group,
        "enable.auto.commit",
        false,
        "session.timeout.ms",
        (int) sessionTimeout.toMillis(),
        "heartbeat.interval.ms",
        (int) Math.max(500, sessionTimeout.toMillis() / 3));
  }

  /** The live gateways, this one included: at least 1. */
  @Override
  public int getAsInt() {
    return count;
  }

  /** Counts now; the count is kept if Kafka does not answer. */
  public void refresh() {
    try {
      ConsumerGroupDescription description =
          admin
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(5, TimeUnit.SECONDS);
      int members = Math.max(1, description.members().size());
      if (members != count) {
        LOG.infof(
            "%d gateways are live: each enforces 1/%d of the enterprise limits", members, members);
      }
      count = members;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debugf("counting the live gateways failed, %d kept: %s", count, e.toString());
    }
  }

  @Override
  public void run() {
    try {
      member.subscribe(
          List.of(topic),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
              member.pause(partitions);
            }
          });
      long next = 0;
      while (running) {
        member.poll(Duration.ofMillis(500));
        if (System.nanoTime() - next >= 0) {
          refresh();
          next = System.nanoTime() + refresh.toNanos();
        }
      }
    } catch (WakeupException e) {
      // stop() woke the poll.
    } catch (RuntimeException e) {
      LOG.warnf("the gateway count stopped (%s); %d kept", e.toString(), count);
    } finally {
      member.close(Duration.ofSeconds(5));
      admin.close(Duration.ofSeconds(5));
    }
  }

  /** Leaves the group, so that the others count one fewer at once. */
  public void stop() {
    running = false;
    member.wakeup();
  }
}
