package io.parkpulse.platform.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.derived.DerivedPoints;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds a reading's derived points to its metrics, before it is stored: to the record, which the
 * rollups read, and to its metrics JSON, which is stored. The JSON as the device sent it is kept
 * and the values appended; only a reading that already holds a metric of a derived point's name
 * (the derived value replaces it) is encoded again.
 */
final class DerivedMetrics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DerivedMetrics() {}

  /** {@code decoded} with the values of {@code derived} it has; itself if it has none. */
  static TelemetryCodec.Decoded add(DerivedPoints derived, TelemetryCodec.Decoded decoded) {
    if (derived.isEmpty()) {
      return decoded;
    }
    TelemetryRecord r = decoded.record();
    Map<String, Double> values = derived.compute(r.metrics());
    if (values.isEmpty()) {
      return decoded;
    }
    Map<String, Object> metrics = new HashMap<>(r.metrics());
    boolean replaces = false;
    for (Map.Entry<String, Double> v : values.entrySet()) {
      replaces |= metrics.put(v.getKey(), v.getValue()) != null;
    }
    TelemetryRecord extended =
        new TelemetryRecord(r.park(), r.device(), r.seq(), r.ts(), r.receivedAt(), metrics);
    byte[] json = decoded.metricsJson();
    return new TelemetryCodec.Decoded(
        extended,
        replaces || json.length < 2 || json[json.length - 1] != '}'
            ? encode(metrics)
            : append(json, values));
  }

  /** {@code json}, an object, with {@code values} as its last members. */
  private static byte[] append(byte[] json, Map<String, Double> values) {
    int last = json.length - 2;
    while (last > 0 && Character.isWhitespace(json[last])) {
      last--;
    }
    boolean empty = json[last] == '{';
    StringBuilder more = new StringBuilder(values.size() * 24);
    for (Map.Entry<String, Double> v : values.entrySet()) {
      if (more.length() > 0 || !empty) {
        more.append(',');
      }
      // Metric names are [A-Za-z0-9_.:-]: nothing to escape. Values are finite.
      more.append('"').append(v.getKey()).append("\":").append(v.getValue().doubleValue());
    }
    more.append('}');
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + more.length());
    out.write(json, 0, json.length - 1);
    out.writeBytes(more.toString().getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] encode(Map<String, Object> metrics) {
    try {
      return JSON.writeValueAsBytes(metrics);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain values always serialise", e);
    }
  }
}
