package io.parkpulse.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of {@link RegistryEntry} on {@code parkpulse.registry.v1}, as described by {@code
 * schemas/registry-entry.v1.json}. Thread-safe.
 */
public final class RegistryCodec {

  private final ObjectMapper mapper = new ObjectMapper();

  /** Encodes an entry. */
  public byte[] encode(RegistryEntry entry) {
    ObjectNode node = mapper.createObjectNode();
    node.put("enterprise", entry.device().enterprise());
    node.put("device", entry.device().device());
    node.put("park", entry.park());
    node.put("enabled", entry.enabled());
    node.put("secretHash", entry.secretHash());
    ArrayNode fronted = node.putArray("gatewayFor");
    entry.gatewayFor().forEach(fronted::add);
    if (!entry.limits().equals(RegistryEntry.Limits.NONE)) {
      RegistryEntry.Limits l = entry.limits();
      ObjectNode limits = node.putObject("limits");
      limits.put("maxConnections", l.maxConnections());
      limits.put("deviceMessagesPerSecond", l.deviceMessagesPerSecond());
      limits.put("enterpriseMessagesPerSecond", l.enterpriseMessagesPerSecond());
      limits.put("deviceBytesPerDay", l.deviceBytesPerDay());
      limits.put("enterpriseBytesPerDay", l.enterpriseBytesPerDay());
    }
    if (!entry.trustAnchors().isEmpty()) {
      ArrayNode anchors = node.putArray("trustAnchors");
      entry.trustAnchors().forEach(anchors::add);
    }
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /**
   * Decodes an entry.
   *
   * @throws InvalidPayloadException if the value is not a registry entry
   */
  public RegistryEntry decode(byte[] value) throws InvalidPayloadException {
    JsonNode node;
    try {
      node = mapper.readTree(value);
    } catch (IOException e) {
      throw new InvalidPayloadException("registry entry is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException("registry entry must be a JSON object");
    }
    try {
      List<String> gatewayFor = new ArrayList<>();
      JsonNode fronted = node.path("gatewayFor");
      if (!fronted.isMissingNode() && !fronted.isArray()) {
        throw new IllegalArgumentException("gatewayFor must be an array");
      }
      fronted.forEach(id -> gatewayFor.add(id.asText()));
      List<String> trustAnchors = new ArrayList<>();
      JsonNode anchors = node.path("trustAnchors");
      if (!anchors.isMissingNode() && !anchors.isArray()) {
        throw new IllegalArgumentException("trustAnchors must be an array");
      }
      for (JsonNode anchor : anchors) {
        if (!anchor.isTextual()) {
          throw new IllegalArgumentException("trustAnchors must hold PEM certificates as strings");
        }
        trustAnchors.add(anchor.asText());
      }
      JsonNode enabled = node.get("enabled");
      if (enabled == null || !enabled.isBoolean()) {
        throw new IllegalArgumentException("enabled must be true or false");
      }
      return new RegistryEntry(
          new DeviceRef(text(node, "enterprise"), text(node, "device")),
          text(node, "park"),
          enabled.asBoolean(),
          text(node, "secretHash"),
          gatewayFor,
          limits(node.path("limits")),
          trustAnchors);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidPayloadException("invalid registry entry: " + e.getMessage(), e);
    }
  }

  /** The optional {@code limits} object; an absent field is no limit. */
  private static RegistryEntry.Limits limits(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return RegistryEntry.Limits.NONE;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("limits must be an object");
    }
    return new RegistryEntry.Limits(
        Math.toIntExact(limit(node, "maxConnections")),
        Math.toIntExact(limit(node, "deviceMessagesPerSecond")),
        Math.toIntExact(limit(node, "enterpriseMessagesPerSecond")),
        limit(node, "deviceBytesPerDay"),
        limit(node, "enterpriseBytesPerDay"));
  }

  private static long limit(JsonNode limits, String field) {
    JsonNode value = limits.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("limits." + field + " must be a whole number");
    }
    return value.asLong();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }
}
