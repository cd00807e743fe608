package io.parkpulse.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON of {@link AlarmChange} on {@code parkpulse.{park}.alarms.v1}, as described by {@code
 * schemas/alarm-change.v1.json}. Thread-safe.
 */
public final class AlarmCodec {

  private final ObjectMapper mapper = new ObjectMapper();

  /** Encodes a change; absent values (a summary's device and rule) are JSON null. */
  public byte[] encode(AlarmChange c) {
    ObjectNode node = mapper.createObjectNode();
    node.put("alarm", c.alarm());
    node.put("change", c.change());
    node.put("at", c.at().toString());
    node.put("park", c.park());
    node.put("enterprise", c.enterprise());
    node.put("device", c.device());
    node.put("rule", c.rule());
    node.put("severity", c.severity());
    node.put("point", c.point());
    node.put("value", c.value());
    node.put("status", c.status());
    node.put("cleared", c.cleared());
    node.put("flapping", c.flapping());
    node.put("summary", c.summary());
    node.put("transitions", c.transitions());
    node.put("suppressed", c.suppressed());
    node.put("by", c.by());
    try {
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /**
   * Decodes a change.
   *
   * @throws InvalidPayloadException if the value is not an alarm change
   */
  public AlarmChange decode(byte[] value) throws InvalidPayloadException {
    JsonNode node;
    try {
      node = mapper.readTree(value);
    } catch (IOException e) {
      throw new InvalidPayloadException("alarm change is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException("alarm change must be a JSON object");
    }
    try {
      return new AlarmChange(
          node.path("alarm").asLong(),
          text(node, "change"),
          Instant.parse(text(node, "at")),
          text(node, "park"),
          text(node, "enterprise"),
          text(node, "device"),
          text(node, "rule"),
          text(node, "severity"),
          text(node, "point"),
          text(node, "value"),
          text(node, "status"),
          node.path("cleared").asBoolean(),
          node.path("flapping").asBoolean(),
          node.path("summary").asBoolean(),
          node.path("transitions").asInt(),
          node.path("suppressed").asInt(),
          text(node, "by"));
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      throw new InvalidPayloadException("invalid alarm change: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
