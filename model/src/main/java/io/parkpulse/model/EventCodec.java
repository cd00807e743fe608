package io.parkpulse.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of {@link DeviceEvent} on {@code parkpulse.{park}.events.v1}, as described by {@code
 * schemas/device-event.v1.json}. Thread-safe.
 */
public final class EventCodec {

  private final ObjectMapper mapper = new ObjectMapper();

  /** Most events one MQTT message may carry. */
  public static final int MAX_EVENTS_PER_MESSAGE = 100;

  /** Most attributes one event may carry. */
  public static final int MAX_ATTRIBUTES = 64;

  /**
   * Decodes what {@code device} of {@code park} published on MQTT {@code event}: one object {@code
   * {"type", "ts", "attributes"}} or a non-empty array of them.
   *
   * @throws InvalidPayloadException saying what is wrong, if the payload breaks the contract
   */
  public List<DeviceEvent> decodeDevicePayload(byte[] payload, String park, DeviceRef device)
      throws InvalidPayloadException {
    JsonNode root;
    try {
      root = payload == null || payload.length == 0 ? null : mapper.readTree(payload);
    } catch (IOException e) {
      throw new InvalidPayloadException("event payload is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !(root.isObject() || root.isArray())) {
      throw new InvalidPayloadException("event payload must be a JSON object or an array of them");
    }
    if (root.isArray() && (root.isEmpty() || root.size() > MAX_EVENTS_PER_MESSAGE)) {
      throw new InvalidPayloadException(
          "event payload array must hold 1 to " + MAX_EVENTS_PER_MESSAGE + " events");
    }
    List<DeviceEvent> events = new ArrayList<>();
    for (JsonNode node : root.isArray() ? root : List.of(root)) {
      events.add(deviceEvent(node, park, device));
    }
    return events;
  }

  private DeviceEvent deviceEvent(JsonNode node, String park, DeviceRef device)
      throws InvalidPayloadException {
    try {
      if (!node.isObject()) {
        throw new IllegalArgumentException("each event must be a JSON object");
      }
      String type = text(node, "type");
      if (DeviceEvent.GATEWAY_TYPES.contains(type)) {
        throw new IllegalArgumentException("type '" + type + "' is reserved for the gateway");
      }
      JsonNode attributes = node.path("attributes");
      if (!attributes.isMissingNode() && !attributes.isObject()) {
        throw new IllegalArgumentException("attributes must be a JSON object");
      }
      if (attributes.size() > MAX_ATTRIBUTES) {
        throw new IllegalArgumentException("at most " + MAX_ATTRIBUTES + " attributes");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (var it = attributes.fields(); it.hasNext(); ) {
        var entry = it.next();
        JsonNode value = entry.getValue();
        if (!TelemetryCodec.isMetricName(entry.getKey())) {
          throw new IllegalArgumentException(
              "attribute name '" + entry.getKey() + "' must match " + TelemetryCodec.METRIC_NAME);
        }
        if (!value.isValueNode()
            || value.isNull()
            || (value.isTextual()
                && value.asText().length() > TelemetryCodec.MAX_STRING_VALUE_LENGTH)) {
          throw new IllegalArgumentException(
              "attribute " + entry.getKey() + " must be a number, a boolean or a short string");
        }
        String problem = value.isTextual() ? TelemetryCodec.textProblem(value.asText()) : null;
        if (problem != null) {
          throw new IllegalArgumentException(
              "attribute " + entry.getKey() + " holds " + problem + ", which is not text");
        }
        values.put(entry.getKey(), plain(value));
      }
      return new DeviceEvent(park, device, type, Instant.parse(text(node, "ts")), values);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidPayloadException("invalid event: " + e.getMessage(), e);
    }
  }

  /**
   * Encodes one event as a device publishes it on MQTT {@code event}: {@code [{"type", "ts",
   * "attributes"}]}, what {@link #decodeDevicePayload} reads.
   */
  public byte[] encodeDevicePayload(String type, Instant ts, Map<String, ?> attributes) {
    ObjectNode node = mapper.createArrayNode().addObject();
    node.put("type", type);
    node.put("ts", ts.toString());
    ObjectNode values = node.putObject("attributes");
    attributes.forEach((k, v) -> values.set(k, mapper.valueToTree(v)));
    try {
      return mapper.writeValueAsBytes(mapper.createArrayNode().add(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

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
