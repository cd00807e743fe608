package io.parkpulse.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.derived.DerivedPoints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DerivedMetricsTest {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final TelemetryCodec codec = new TelemetryCodec();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void appendsTheDerivedValuesToTheReadingAndItsJsonAsSent() throws Exception {
    TelemetryCodec.Decoded decoded =
        decode(Map.of("energy_kwh", 12.5, "good_count", 250L, "state", "RUNNING"));

    TelemetryCodec.Decoded added = DerivedMetrics.add(points("energy_kwh / good_count"), decoded);

    assertThat(added.record().metrics())
        .containsEntry("per_unit", 0.05)
        .containsEntry("state", "RUNNING")
        .hasSize(4);
    String stored = new String(added.metricsJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(stored)
        .startsWith(
            new String(decoded.metricsJson(), java.nio.charset.StandardCharsets.UTF_8)
                .substring(0, decoded.metricsJson().length - 1))
        .endsWith(",\"per_unit\":0.05}");
    assertThat(json.readValue(added.metricsJson(), MAP))
        .isEqualTo(json.readValue(json.writeValueAsBytes(added.record().metrics()), MAP));
  }

  @Test
  void leavesAReadingWithoutValuesAsItCame() throws Exception {
    TelemetryCodec.Decoded decoded = decode(Map.of("energy_kwh", 12.5, "good_count", 0L));
    assertThat(DerivedMetrics.add(points("energy_kwh / good_count"), decoded)).isSameAs(decoded);
    assertThat(DerivedMetrics.add(DerivedPoints.NONE, decoded)).isSameAs(decoded);
  }

  @Test
  void replacesAMetricTheDeviceSentUnderADerivedPointsName() throws Exception {
    TelemetryCodec.Decoded decoded =
        decode(Map.of("energy_kwh", 10.0, "good_count", 4L, "per_unit", "sent by the device"));

    TelemetryCodec.Decoded added = DerivedMetrics.add(points("energy_kwh / good_count"), decoded);

    assertThat(added.record().metrics()).containsEntry("per_unit", 2.5);
    assertThat(json.readValue(added.metricsJson(), MAP)).containsEntry("per_unit", 2.5).hasSize(3);
  }

  private static DerivedPoints points(String perUnit) throws Exception {
    return DerivedPoints.ofStored(
        List.of(
            Map.of("name", "energy_kwh", "dataType", "number", "intervalSeconds", 60),
            Map.of("name", "good_count", "dataType", "integer", "intervalSeconds", 60),
            Map.of("name", "state", "dataType", "string", "intervalSeconds", 60),
            Map.of("name", "per_unit", "kind", "generic", "expression", perUnit)));
  }

  private TelemetryCodec.Decoded decode(Map<String, Object> metrics) throws Exception {
    Instant t = Instant.parse("2026-12-06T08:00:00Z");
    return codec.decodeKeepingMetrics(
        codec.encode(
            new TelemetryRecord(
                "park-a", new DeviceRef("ent-a", "dev-1"), 1, t, t.plusMillis(5), metrics)));
  }
}
