package io.parkpulse.gateway.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reports devices' connections on their park's {@code events.v1} topic, so that the platform knows
 * who is online. Fire and forget for the connection, but written with the same durable producer as
 * telemetry; a failure is logged and counted.
 */
public final class DeviceEvents {

  private static final Logger LOG = Logger.getLogger(DeviceEvents.class);

  private final String topicPrefix;
  private final RecordSink sink;
  private final Clock clock;
  private final EventCodec codec = new EventCodec();
  private final Map<String, String> topics = new ConcurrentHashMap<>();
  private final Counter failures;

  public DeviceEvents(String topicPrefix, RecordSink sink, Clock clock, MeterRegistry meters) {
    this.topicPrefix = topicPrefix;
    this.sink = sink;
    this.clock = clock;
    this.failures =
        Counter.builder("parkpulse.gateway.events.failures")
            .description("Device events Kafka did not store")
            .register(meters);
  }

  /** {@code device} connected with MQTT {@code protocolVersion}. */
  public CompletableFuture<Void> connected(RegistryEntry device, int protocolVersion) {
    return publish(
        device, DeviceEvent.CONNECTED, Map.of("protocolVersion", (long) protocolVersion));
  }

  /**
   * {@code device}'s connection ended: {@code clean} if it sent DISCONNECT, otherwise the
   * connection was lost (network, power, or the gateway closed it).
   */
  public CompletableFuture<Void> disconnected(RegistryEntry device, boolean clean) {
    return publish(
        device, clean ? DeviceEvent.DISCONNECTED : DeviceEvent.CONNECTION_LOST, Map.of());
  }

  private CompletableFuture<Void> publish(
      RegistryEntry device, String type, Map<String, Object> attributes) {
    Instant now = clock.instant();
    DeviceEvent event = new DeviceEvent(device.park(), device.device(), type, now, attributes);
    String topic =
        topics.computeIfAbsent(
            device.park(), p -> new ParkTopic(topicPrefix, p, ParkTopic.Kind.EVENTS).name());
    return sink.send(
            topic,
            device.device().kafkaKey(),
            codec.encode(event),
            CloudEvents.headers(
                CloudEvents.DEVICE_EVENT_TYPE, CloudEvents.sourceOf(device.device()), now))
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                failures.increment();
                LOG.warnf(
                    "event %s of %s not stored: %s",
                    type, device.device().username(), error.getMessage());
              }
            });
  }
}
