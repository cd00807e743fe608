package io.parkpulse.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON shared by command requests and responses: a flat object whose {@code payload} is any
 * JSON value, kept as the JSON text it was written as.
 */
final class CommandJson {

  static final String PAYLOAD = "payload";

  private final ObjectMapper mapper;

  CommandJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A new object with the identity fields of a record about {@code device} of {@code park}. */
  ObjectNode object(String park, DeviceRef device) {
    ObjectNode node = mapper.createObjectNode();
    node.put("park", park);
    node.put("enterprise", device.enterprise());
    node.put("device", device.device());
    return node;
  }

  /** Sets {@code payload}, JSON text, as the value of the payload field. */
  static void putPayload(ObjectNode node, String payload) {
    node.putRawValue(PAYLOAD, new RawValue(payload));
  }

  byte[] write(ObjectNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /** A decoded object: its fields as trees, and its payload as JSON text (null if absent). */
  record Fields(Map<String, JsonNode> fields, String payload) {

    String text(String field) {
      JsonNode value = fields.get(field);
      if (value == null || !value.isTextual()) {
        throw new IllegalArgumentException(field + " must be a string");
      }
      return value.asText();
    }

    Instant instant(String field) {
      String text = text(field);
      try {
        return Instants.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            field + " '" + text + "' is not an ISO-8601 UTC instant such as 2026-11-29T03:00:00Z");
      }
    }

    DeviceRef device() {
      return new DeviceRef(text("enterprise"), text("device"));
    }

    String requiredPayload() {
      if (payload == null) {
        throw new IllegalArgumentException("payload is required (any JSON value, null included)");
      }
      return payload;
    }
  }

  /**
   * Reads a JSON object, keeping the text of its {@code payload} as it was written.
   *
   * @throws InvalidPayloadException if {@code value} is not one JSON object
   */
  Fields read(byte[] value, String what) throws InvalidPayloadException {
    if (value == null || value.length == 0) {
      throw new InvalidPayloadException(what + " is empty");
    }
    try (JsonParser parser = mapper.getFactory().createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidPayloadException(what + " must be a JSON object");
      }
      Map<String, JsonNode> fields = new HashMap<>();
      String payload = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (PAYLOAD.equals(field)) {
          int from = (int) parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          parser.finishToken();
          int to = (int) parser.currentLocation().getByteOffset();
          payload = new String(value, from, to - from, StandardCharsets.UTF_8);
        } else {
          fields.put(field, mapper.readTree(parser));
        }
      }
      if (parser.nextToken() != null) {
        throw new InvalidPayloadException(what + " has content after its JSON object");
      }
      return new Fields(fields, payload);
    } catch (JsonProcessingException e) {
      throw new InvalidPayloadException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidPayloadException(what + " could not be read: " + e.getMessage(), e);
    }
  }
}
