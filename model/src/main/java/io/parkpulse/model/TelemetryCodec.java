package io.parkpulse.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

  /**
   * Encodes readings as a device publishes them: an object for one, an array for several. Written
   * with a streaming generator, as the agent encodes every reading it takes.
   */
  public byte[] encodeDevicePayload(List<Reading> readings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 * readings.size());
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      if (readings.size() != 1) {
        g.writeStartArray();
      }
      for (Reading reading : readings) {
        g.writeStartObject();
        g.writeNumberField("seq", reading.seq());
        g.writeStringField("ts", reading.ts().toString());
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<String, Object> metric : reading.metrics().entrySet()) {
          g.writeFieldName(metric.getKey());
          writeValue(g, metric.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      if (readings.size() != 1) {
        g.writeEndArray();
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing plain values to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(String.valueOf(value));
    }
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
    return decodeKeepingMetrics(value).record();
  }

  /**
   * A record decoded from a telemetry topic, with the JSON text of its metrics as it came, for a
   * store that keeps them as JSON without encoding them again.
   *
   * @param record the record
   * @param metricsJson the record's {@code metrics} object, UTF-8 JSON
   */
  public record Decoded(TelemetryRecord record, byte[] metricsJson) {}

  /**
   * Decodes a record from a telemetry topic in one pass, keeping the JSON text of its metrics. The
   * rules are those of {@link #decode}; this is the ingest's path, where it runs for every record.
   *
   * @throws InvalidPayloadException if the value is not a valid telemetry record
   */
  public Decoded decodeKeepingMetrics(byte[] value) throws InvalidPayloadException {
    if (value == null || value.length == 0) {
      throw new InvalidPayloadException("payload is empty");
    }
    try (JsonParser parser = mapper.getFactory().createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidPayloadException("telemetry record must be a JSON object");
      }
      String park = null;
      String enterprise = null;
      String device = null;
      long seq = -1;
      String ts = null;
      String receivedAt = null;
      Map<String, Object> metrics = null;
      byte[] metricsJson = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (field) {
          case "park" -> park = string(parser, token, field);
          case "enterprise" -> enterprise = string(parser, token, field);
          case "device" -> device = string(parser, token, field);
          case "ts" -> ts = string(parser, token, field);
          case "receivedAt" -> receivedAt = string(parser, token, field);
          case "seq" -> seq = seq(parser, token);
          case "metrics" -> {
            int from = (int) parser.currentTokenLocation().getByteOffset();
            metrics = metrics(parser, token);
            int to = (int) parser.currentLocation().getByteOffset();
            metricsJson = Arrays.copyOfRange(value, from, to);
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new InvalidPayloadException("telemetry record has content after its JSON object");
      }
      DeviceRef ref = new DeviceRef(required(enterprise, "enterprise"), required(device, "device"));
      if (seq < 0) {
        throw new InvalidPayloadException("seq must be an integer >= 0");
      }
      if (metrics == null) {
        throw new InvalidPayloadException("metrics must be a non-empty JSON object");
      }
      TelemetryRecord record =
          new TelemetryRecord(
              required(park, "park"),
              ref,
              seq,
              instant(required(ts, "ts"), "ts", ""),
              instant(required(receivedAt, "receivedAt"), "receivedAt", ""),
              metrics);
      return new Decoded(record, metricsJson);
    } catch (JsonProcessingException e) {
      throw new InvalidPayloadException("payload is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidPayloadException("payload could not be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException(e.getMessage(), e);
    }
  }

  private static String string(JsonParser parser, JsonToken token, String field)
      throws IOException, InvalidPayloadException {
    if (token != JsonToken.VALUE_STRING) {
      parser.skipChildren();
      throw new InvalidPayloadException(field + " must be a string");
    }
    return parser.getText();
  }

  private static String required(String value, String field) throws InvalidPayloadException {
    if (value == null) {
      throw new InvalidPayloadException(field + " must be a string");
    }
    return value;
  }

  private static long seq(JsonParser parser, JsonToken token)
      throws IOException, InvalidPayloadException {
    if (token != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || parser.getLongValue() < 0) {
      throw new InvalidPayloadException("seq must be an integer >= 0");
    }
    return parser.getLongValue();
  }

  /** The metrics object the parser is at, validated as {@link #metrics(JsonNode, String)} does. */
  private static Map<String, Object> metrics(JsonParser parser, JsonToken token)
      throws IOException, InvalidPayloadException {
    if (token != JsonToken.START_OBJECT) {
      throw new InvalidPayloadException("metrics must be a non-empty JSON object");
    }
    Map<String, Object> values = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (!isMetricName(name)) {
        throw new InvalidPayloadException(
            "metric name '" + name + "' must match " + METRIC_NAME.pattern());
      }
      values.put(name, metricValue(parser, parser.nextToken(), name));
      if (values.size() > MAX_METRICS_PER_READING) {
        throw new InvalidPayloadException(
            "metrics has more than " + MAX_METRICS_PER_READING + " entries");
      }
    }
    if (values.isEmpty()) {
      throw new InvalidPayloadException("metrics must be a non-empty JSON object");
    }
    return values;
  }

  private static Object metricValue(JsonParser parser, JsonToken token, String name)
      throws IOException, InvalidPayloadException {
    switch (token) {
      case VALUE_NUMBER_INT -> {
        if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return parser.getLongValue();
        }
        return finite(parser.getDoubleValue(), "", name);
      }
      case VALUE_NUMBER_FLOAT -> {
        return finite(parser.getDoubleValue(), "", name);
      }
      case VALUE_TRUE -> {
        return true;
      }
      case VALUE_FALSE -> {
        return false;
      }
      case VALUE_STRING -> {
        return text(parser.getText(), "", name);
      }
      default -> throw notAMetricValue("", name);
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
    return instant(text(node, field, at), field, at);
  }

  private static Instant instant(String text, String field, String at)
      throws InvalidPayloadException {
    try {
      return Instants.parse(text);
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
      return finite(value.asDouble(), at, name);
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isTextual()) {
      return text(value.asText(), at, name);
    }
    throw notAMetricValue(at, name);
  }

  private static double finite(double value, String at, String name)
      throws InvalidPayloadException {
    if (!Double.isFinite(value)) {
      throw notAMetricValue(at, name);
    }
    return value;
  }

  /**
   * A string metric value: at most {@link #MAX_STRING_VALUE_LENGTH} characters, and text that
   * PostgreSQL can store (no NUL, no unpaired surrogate), so that it cannot stall a batch there.
   */
  private static String text(String value, String at, String name) throws InvalidPayloadException {
    if (value.length() > MAX_STRING_VALUE_LENGTH) {
      throw new InvalidPayloadException(
          at + "metrics." + name + " is longer than " + MAX_STRING_VALUE_LENGTH + " characters");
    }
    String problem = textProblem(value);
    if (problem != null) {
      throw new InvalidPayloadException(
          at + "metrics." + name + " holds " + problem + ", which is not text");
    }
    return value;
  }

  /**
   * What makes {@code value} text that PostgreSQL cannot store ({@code "a NUL character"} or {@code
   * "half a surrogate pair"}), or null if it can.
   */
  public static String textProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == 0) {
        return "a NUL character";
      }
      boolean unpaired =
          Character.isHighSurrogate(ch)
              ? i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(++i))
              : Character.isLowSurrogate(ch);
      if (unpaired) {
        return "half a surrogate pair";
      }
    }
    return null;
  }

  private static InvalidPayloadException notAMetricValue(String at, String name) {
    return new InvalidPayloadException(
        at + "metrics." + name + " must be a finite number, a string or a boolean");
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

  /** Whether {@code ch} may be in a metric name: a letter, digit, {@code _ . : -}. */
  public static boolean isMetricNameChar(char ch) {
    return (ch >= 'a' && ch <= 'z')
        || (ch >= 'A' && ch <= 'Z')
        || (ch >= '0' && ch <= '9')
        || ch == '_'
        || ch == '.'
        || ch == ':'
        || ch == '-';
  }

  /** Whether {@code name} matches {@link #METRIC_NAME}; without a regex, as it runs per metric. */
  public static boolean isMetricName(String name) {
    if (name == null || name.isEmpty() || name.length() > 64) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isMetricNameChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
