package io.parkpulse.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON of {@link DeviceEvent} on {@code parkpulse.{park}.events.v1}, as described by {@code
 * schemas/device-event.v1.json}. Thread-safe.
 */
public final class EventCodec {

  private final ObjectMapper mapper = new ObjectMapper();

  /** Encodes an event. */
  public byte[] encode(DeviceEvent event) {
    ObjectNode node = mapper.createObjectNode();
    node.put("park", event.park());
    node.put("enterprise", event.device().enterprise());
    node.put("device", event.device().device());
    node.put("type", event.type());
    node.put("ts", event.ts().toString());
    ObjectNode attributes = node.putObject("attributes");
    event.attributes().forEach((k, v) -> attributes.set(k, mapper.valueToTree(v)));
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /**
   * Decodes an event.
   *
   * @throws InvalidPayloadException if the value is not a device event
   */
  public DeviceEvent decode(byte[] value) throws InvalidPayloadException {
    JsonNode node;
    try {
      node = mapper.readTree(value);
    } catch (IOException e) {
      throw new InvalidPayloadException("device event is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException("device event must be a JSON object");
    }
    try {
      Map<String, Object> attributes = new LinkedHashMap<>();
      node.path("attributes")
          .fields()
          .forEachRemaining(e -> attributes.put(e.getKey(), plain(e.getValue())));
      return new DeviceEvent(
          text(node, "park"),
          new DeviceRef(text(node, "enterprise"), text(node, "device")),
          text(node, "type"),
          Instant.parse(text(node, "ts")),
          attributes);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidPayloadException("invalid device event: " + e.getMessage(), e);
    }
  }

  private static Object plain(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }
}
