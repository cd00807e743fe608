package io.parkpulse.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JSON encoding of the telemetry contract: the device payload on MQTT {@code telemetry} and the
 * {@link TelemetryRecord} on Kafka. The rules match {@code schemas/device-telemetry.v1.json} and
 * {@code schemas/telemetry-record.v1.json}. Thread-safe.
 */
public final class TelemetryCodec {

  /** Most readings one MQTT message may carry. */
  public static final int MAX_READINGS_PER_MESSAGE = 1000;

  /** Most metrics one reading may carry. */
  public static final int MAX_METRICS_PER_READING = 256;

  /** Longest string metric value, in characters. */
  public static final int MAX_STRING_VALUE_LENGTH = 256;

  /** Metric names: letters, digits and {@code _ . : -}, 1 to 64 characters. */
  public static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * Decodes what a device published: one reading object or a non-empty array of them.
   *
   * @throws InvalidPayloadException saying what is wrong, if the payload breaks the contract
   */
  public List<Reading> decodeDevicePayload(byte[] payload) throws InvalidPayloadException {
    JsonNode root = parse(payload);
    if (root.isObject()) {
      return List.of(readingFrom(root, ""));
    }
    if (!root.isArray()) {
      throw new InvalidPayloadException("payload must be a JSON object or an array of objects");
    }
    if (root.isEmpty()) {
      throw new InvalidPayloadException("payload array is empty");
    }
    if (root.size() > MAX_READINGS_PER_MESSAGE) {
      throw new InvalidPayloadException(
          "payload has " + root.size() + " readings, at most " + MAX_READINGS_PER_MESSAGE);
    }
    List<Reading> readings = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      readings.add(readingFrom(root.get(i), "[" + i + "]"));
    }
    return readings;
  }

  /** Encodes readings as a device publishes them: an object for one, an array for several. */
  public byte[] encodeDevicePayload(List<Reading> readings) {
    if (readings.size() == 1) {
      return write(readingNode(readings.get(0)));
    }
    ArrayNode array = mapper.createArrayNode();
    readings.forEach(r -> array.add(readingNode(r)));
    return write(array);
  }

  /** Encodes a record for a telemetry topic. */
  public byte[] encode(TelemetryRecord record) {
    ObjectNode node = mapper.createObjectNode();
    node.put("park", record.park());
    node.put("enterprise", record.device().enterprise());
    node.put("device", record.device().device());
    node.put("seq", record.seq());
    node.put("ts", record.ts().toString());
    node.put("receivedAt", record.receivedAt().toString());
    node.set("metrics", metricsNode(record.metrics()));
    return write(node);
  }

  /**
   * Decodes a record from a telemetry topic.
   *
   * @throws InvalidPayloadException if the value is not a valid telemetry record
   */
  public TelemetryRecord decode(byte[] value) throws InvalidPayloadException {
    JsonNode node = parse(value);
    if (!node.isObject()) {
      throw new InvalidPayloadException("telemetry record must be a JSON object");
    }
    try {
      DeviceRef device = new DeviceRef(text(node, "enterprise", ""), text(node, "device", ""));
      return new TelemetryRecord(
          text(node, "park", ""),
          device,
          seq(node, ""),
          instant(node, "ts", ""),
          instant(node, "receivedAt", ""),
          metrics(node, ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException(e.getMessage(), e);
    }
  }

  private JsonNode parse(byte[] bytes) throws InvalidPayloadException {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidPayloadException("payload is empty");
    }
    try {
      return mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidPayloadException("payload is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidPayloadException("payload could not be read: " + e.getMessage(), e);
    }
  }

  private Reading readingFrom(JsonNode node, String at) throws InvalidPayloadException {
    if (!node.isObject()) {
      throw new InvalidPayloadException(at + " reading must be a JSON object");
    }
    return new Reading(seq(node, at), instant(node, "ts", at), metrics(node, at));
  }

  private static long seq(JsonNode node, String at) throws InvalidPayloadException {
    JsonNode seq = node.get("seq");
    if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 0) {
      throw new InvalidPayloadException(at + "seq must be an integer >= 0");
    }
    return seq.asLong();
  }

  private static String text(JsonNode node, String field, String at)
      throws InvalidPayloadException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidPayloadException(at + field + " must be a string");
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String field, String at)
      throws InvalidPayloadException {
    String text = text(node, field, at);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidPayloadException(
          at
              + field
              + " '"
              + text
              + "' is not an ISO-8601 UTC instant such as"
              + " 2026-11-29T03:00:00.123Z",
          e);
    }
  }

  private static Map<String, Object> metrics(JsonNode node, String at)
      throws InvalidPayloadException {
    JsonNode metrics = node.get("metrics");
    if (metrics == null || !metrics.isObject() || metrics.isEmpty()) {
      throw new InvalidPayloadException(at + "metrics must be a non-empty JSON object");
    }
    if (metrics.size() > MAX_METRICS_PER_READING) {
      throw new InvalidPayloadException(
          at + "metrics has " + metrics.size() + " entries, at most " + MAX_METRICS_PER_READING);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      if (!isMetricName(name)) {
        throw new InvalidPayloadException(
            at + "metric name '" + name + "' must match " + METRIC_NAME.pattern());
      }
      values.put(name, metricValue(entry.getValue(), at, name));
    }
    return values;
  }

  /** A metric's value; {@code at} and {@code name} say where, only if it is refused. */
  private static Object metricValue(JsonNode value, String at, String name)
      throws InvalidPayloadException {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      double d = value.asDouble();
      if (Double.isFinite(d)) {
        return d;
      }
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isTextual()) {
      if (value.asText().length() > MAX_STRING_VALUE_LENGTH) {
        throw new InvalidPayloadException(
            at + "metrics." + name + " is longer than " + MAX_STRING_VALUE_LENGTH + " characters");
      }
      return value.asText();
    }
    throw new InvalidPayloadException(
        at + "metrics." + name + " must be a finite number, a string or a boolean");
  }

  private ObjectNode readingNode(Reading reading) {
    ObjectNode node = mapper.createObjectNode();
    node.put("seq", reading.seq());
    node.put("ts", reading.ts().toString());
    node.set("metrics", metricsNode(reading.metrics()));
    return node;
  }

  private ObjectNode metricsNode(Map<String, Object> metrics) {
    ObjectNode node = mapper.createObjectNode();
    metrics.forEach((name, value) -> node.set(name, mapper.valueToTree(value)));
    return node;
  }

  private byte[] write(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /** Whether {@code name} matches {@link #METRIC_NAME}; without a regex, as it runs per metric. */
  public static boolean isMetricName(String name) {
    if (name == null || name.isEmpty() || name.length() > 64) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      boolean ok =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '_'
              || ch == '.'
              || ch == ':'
              || ch == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
