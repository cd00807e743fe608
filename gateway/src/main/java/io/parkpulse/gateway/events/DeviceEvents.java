package io.parkpulse.gateway.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.DeviceDataSink;
import io.parkpulse.gateway.kafka.ParkTopicNames;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Device events on the park's {@code events.v1} topic: the events devices publish on MQTT {@code
 * event}, and the connections the gateway reports so that the platform knows who is online (fire
 * and forget for the connection, but written with the same durable producer as telemetry; a failure
 * is logged and counted).
 */
public final class DeviceEvents implements DeviceDataSink {

  private static final Logger LOG = Logger.getLogger(DeviceEvents.class);

  private final RecordSink sink;
  private final Clock clock;
  private final EventCodec codec = new EventCodec();
  private final ParkTopicNames topics;
  private final DeadLetters deadLetters;
  private final Counter failures;
  private final Counter invalid;

  public DeviceEvents(
      String topicPrefix,
      RecordSink sink,
      DeadLetters deadLetters,
      Clock clock,
      MeterRegistry meters) {
    this.topics = new ParkTopicNames(topicPrefix, ParkTopic.Kind.EVENTS);
    this.sink = sink;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.invalid =
        Counter.builder("parkpulse.gateway.rejected")
            .tag("reason", "invalid-event")
            .description("Messages refused")
            .register(meters);
    this.failures =
        Counter.builder("parkpulse.gateway.events.failures")
            .description("Device events Kafka did not store")
            .register(meters);
  }

  /**
   * Writes the events {@code device} published; a payload that breaks the contract is
   * dead-lettered.
   */
  @Override
  public CompletableFuture<Void> accept(String park, DeviceRef device, byte[] payload) {
    List<DeviceEvent> events;
    try {
      events = codec.decodeDevicePayload(payload, park, device);
    } catch (InvalidPayloadException e) {
      invalid.increment();
      return deadLetters.send(device, payload, e.getMessage(), "mqtt:event", clock.instant());
    }
    CompletableFuture<?>[] sent =
        events.stream().map(this::write).toArray(CompletableFuture<?>[]::new);
    return CompletableFuture.allOf(sent);
  }

  /**
   * {@code device} connected with MQTT {@code protocolVersion}, over TLS or not, authenticated by a
   * client certificate or by its secret: attributes {@code protocolVersion}, {@code tls} and {@code
   * credential} ({@code certificate} or {@code secret}).
   */
  public CompletableFuture<Void> connected(
      RegistryEntry device, int protocolVersion, boolean tls, boolean byCertificate) {
    return publish(
        device,
        DeviceEvent.CONNECTED,
        Map.of(
            "protocolVersion",
            (long) protocolVersion,
            "tls",
            tls,
            "credential",
            byCertificate ? "certificate" : "secret"));
  }

  /**
   * {@code device}'s connection ended: {@code clean} if it sent DISCONNECT, otherwise the
   * connection was lost (network, power, or the gateway closed it).
   */
  public CompletableFuture<Void> disconnected(RegistryEntry device, boolean clean) {
    return publish(
        device, clean ? DeviceEvent.DISCONNECTED : DeviceEvent.CONNECTION_LOST, Map.of());
  }

  /**
   * A Sparkplug B edge node or device was born (NBIRTH, DBIRTH): it is online. {@code attributes}
   * say how ({@code protocol}, {@code bdSeq}, {@code edgeNode}).
   */
  public CompletableFuture<Void> birth(RegistryEntry device, Map<String, Object> attributes) {
    return publish(device, DeviceEvent.BIRTH, attributes);
  }

  /**
   * A Sparkplug B edge node or device died (NDEATH, DDEATH, or its node's connection ended): it is
   * offline. {@code attributes} say how ({@code protocol}, {@code reason}, {@code bdSeq}, {@code
   * edgeNode}).
   */
  public CompletableFuture<Void> death(RegistryEntry device, Map<String, Object> attributes) {
    return publish(device, DeviceEvent.DEATH, attributes);
  }

  private CompletableFuture<Void> publish(
      RegistryEntry device, String type, Map<String, Object> attributes) {
    DeviceEvent event =
        new DeviceEvent(device.park(), device.device(), type, clock.instant(), attributes);
    return write(event)
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

  private CompletableFuture<Void> write(DeviceEvent event) {
    String topic = topics.of(event.park());
    return sink.send(
        topic,
        event.device().kafkaKey(),
        codec.encode(event),
        CloudEvents.headers(
            CloudEvents.DEVICE_EVENT_TYPE, CloudEvents.sourceOf(event.device()), clock.instant()));
  }
}
