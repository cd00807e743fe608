package io.parkpulse.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static final JsonSchema SCHEMA = Schemas.load("device-event.v1.json");

  private final EventCodec codec = new EventCodec();

  @Test
  void roundTripsAnEventThatMatchesItsSchema() throws Exception {
    DeviceEvent event =
        new DeviceEvent(
            "north",
            new DeviceRef("acme", "press-01"),
            DeviceEvent.CONNECTION_LOST,
            Instant.parse("2026-11-29T03:00:00.5Z"),
            Map.of("protocol", 5L, "clean", false, "client", "press-01@acme"));

    byte[] value = codec.encode(event);

    assertThat(codec.decode(value)).isEqualTo(event);
    assertThat(SCHEMA.validate(new ObjectMapper().readTree(value))).isEmpty();
  }

  @Test
  void decodesADevicesEventsWithTheIdentityItWasGiven() throws Exception {
    byte[] payload =
        ("[{\"type\": \"door.opened\", \"ts\": \"2026-11-29T03:00:00Z\","
                + " \"attributes\": {\"door\": \"north\", \"open_s\": 12}},"
                + " {\"type\": \"batch.finished\", \"ts\": \"2026-11-29T03:01:00Z\"}]")
            .getBytes(UTF_8);

    var events = codec.decodeDevicePayload(payload, "north", new DeviceRef("acme", "gate-01"));

    assertThat(events)
        .extracting(DeviceEvent::type)
        .containsExactly("door.opened", "batch.finished");
    assertThat(events.get(0).attributes())
        .containsEntry("door", "north")
        .containsEntry("open_s", 12L);
    assertThat(events.get(0).device()).isEqualTo(new DeviceRef("acme", "gate-01"));
    assertThat(SCHEMA.validate(new ObjectMapper().readTree(codec.encode(events.get(0))))).isEmpty();
  }

  @Test
  void aDeviceCannotPublishTheGatewaysEventTypesOrNestedAttributes() {
    DeviceRef device = new DeviceRef("acme", "gate-01");
    for (String payload :
        new String[] {
          "{\"type\": \"connected\", \"ts\": \"2026-11-29T03:00:00Z\"}",
          "{\"type\": \"birth\", \"ts\": \"2026-11-29T03:00:00Z\"}",
          "{\"type\": \"death\", \"ts\": \"2026-11-29T03:00:00Z\"}",
          "{\"type\": \"x\", \"ts\": \"2026-11-29T03:00:00Z\", \"attributes\": {\"a\": {}}}",
          "{\"type\": \"x\", \"ts\": \"later\"}",
          "{\"type\": \"x\", \"ts\": \"2026-11-29T03:00:00Z\", \"attributes\": {\"a\": \"\\u0000\"}}",
          "{\"type\": \"x\", \"ts\": \"2026-11-29T03:00:00Z\", \"attributes\": {\"a\": \"\\udc00\"}}",
          "[]",
          "\"door\""
        }) {
      assertThatThrownBy(() -> codec.decodeDevicePayload(payload.getBytes(UTF_8), "north", device))
          .as(payload)
          .isInstanceOf(InvalidPayloadException.class);
    }
  }

  @Test
  void rejectsAnEventWithoutAType() {
    byte[] value =
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\",\"ts\":\"2026-11-29T03:00:00Z\"}"
            .getBytes(UTF_8);

    assertThatThrownBy(() -> codec.decode(value)).isInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void refusesTypesThatAreNotLowercaseWords() {
    assertThatThrownBy(
            () ->
                new DeviceEvent(
                    "north", new DeviceRef("acme", "d1"), "Door Open", Instant.now(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
