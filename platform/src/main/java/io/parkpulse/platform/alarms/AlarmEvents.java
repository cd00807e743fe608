package io.parkpulse.platform.alarms;

import io.parkpulse.model.AlarmChange;
import io.parkpulse.model.AlarmCodec;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes an alarm's changes: as device events (opened, cleared, acknowledged, closed) on its
 * device's {@code parkpulse.{park}.events.v1}, and as {@link AlarmChange}s on {@code
 * parkpulse.{park}.alarms.v1}. Blocking: it waits for the broker's acknowledgement.
 */
public final class AlarmEvents {

  private final Producer<String, byte[]> producer;
  private final String topicPrefix;
  private final EventCodec codec = new EventCodec();
  private final AlarmCodec alarms = new AlarmCodec();

  public AlarmEvents(Producer<String, byte[]> producer, String topicPrefix) {
    this.producer = producer;
    this.topicPrefix = topicPrefix;
  }

  /** Publishes an alarm's change on its device's events topic. */
  public void publish(
      String park, DeviceRef device, String type, Instant at, Map<String, Object> attributes)
      throws InterruptedException, ExecutionException, TimeoutException {
    DeviceEvent event = new DeviceEvent(park, device, type, at, attributes);
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            new ParkTopic(topicPrefix, park, ParkTopic.Kind.EVENTS).name(),
            device.kafkaKey(),
            codec.encode(event));
    CloudEvents.headers(CloudEvents.DEVICE_EVENT_TYPE, "/platform/alarms", at)
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    producer.send(record).get(30, TimeUnit.SECONDS);
  }

  /**
   * Publishes an alarm's change on its park's alarms topic, keyed by its enterprise and device. An
   * enterprise's summary alarm (its cap of open alarms reached) names no device, so it is not on
   * the topic, whose keys name one: the API and the portal show it.
   */
  public void changed(AlarmChange change)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (change.summary()) {
      return;
    }
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            new ParkTopic(topicPrefix, change.park(), ParkTopic.Kind.ALARMS).name(),
            change.kafkaKey(),
            alarms.encode(change));
    CloudEvents.headers(CloudEvents.ALARM_CHANGE_TYPE, "/platform/alarms", change.at())
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    producer.send(record).get(30, TimeUnit.SECONDS);
  }
}
