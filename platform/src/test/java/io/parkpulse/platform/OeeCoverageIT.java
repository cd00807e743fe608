package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.parkpulse.platform.telemetry.jobs.Compactor;
import io.parkpulse.platform.telemetry.readmodel.Partitions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * O6 from a month of raw telemetry: of three critical machines only the one with a full month of
 * state and counters and an ideal cycle time has computable OEE on 90% of the park's shifts.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class OeeCoverageIT {

  @Inject DataSource dataSource;
  @Inject Partitions partitions;

  @Test
  void countsCriticalMachinesWithComputableOeeOnNinetyPercentOfShifts() throws Exception {
    Api admin = Api.admin();
    admin.park("oee-park");
    admin.enterprise("oee-park", "oee-co");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "oee-press",
                "enterprise",
                "oee-co",
                "name",
                "Press",
                "points",
                List.of(
                    point("state", "string", "machine.state"),
                    point("total", "integer", "counter.total"),
                    point("good", "integer", "counter.good"))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    device(admin, "oee-full", "high", 30.0);
    device(admin, "oee-no-cycle", "high", null);
    device(admin, "oee-recent", "high", 30.0);
    device(admin, "oee-minor", "medium", null);

    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    List<TelemetryRecord> readings = new ArrayList<>();
    for (int step = 0; step <= 31 * 24 * 6; step++) {
      Instant ts = now.minus(Duration.ofMinutes(10L * step));
      long seq = 100_000 - step;
      readings.add(reading("oee-full", seq, ts));
      readings.add(reading("oee-no-cycle", seq, ts));
      if (step <= 10 * 24 * 6) {
        readings.add(reading("oee-recent", seq, ts));
      }
    }
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    for (int i = 0; i < readings.size(); i += 5000) {
      writer.write(
          new IngestBatch(readings.subList(i, Math.min(readings.size(), i + 5000)), List.of()));
    }

    List<Map<String, Object>> requirements =
        admin
            .request()
            .post("/api/v1/enterprises/oee-co/assessments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getList("assessment.requirements");
    Map<String, Object> oee =
        requirements.stream().filter(r -> "D3.2".equals(r.get("id"))).findFirst().orElseThrow();
    assertThat((Float) oee.get("value")).isCloseTo(1 / 3f, within(0.001f));
    assertThat((String) oee.get("source"))
        .startsWith("1 of 3 critical machines with computable OEE on 90% of ");

    // The month's closed days compacted into hour blocks: the indicator reads them alike.
    assertThat(new Compactor(dataSource, partitions).compact("oee-park", 2, now).readings())
        .isGreaterThan(readings.size() / 2);
    Map<String, Object> again =
        admin
            .request()
            .post("/api/v1/enterprises/oee-co/assessments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .<Map<String, Object>>getList("assessment.requirements")
            .stream()
            .filter(r -> "D3.2".equals(r.get("id")))
            .findFirst()
            .orElseThrow();
    assertThat(again.get("value")).isEqualTo(oee.get("value"));
    assertThat(again.get("source")).isEqualTo(oee.get("source"));
  }

  private static void device(Api admin, String id, String criticality, Double idealCycle) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("name", id);
    body.put("profile", "oee-press");
    body.put("criticality", criticality);
    body.put("ratedPowerKw", 5.0);
    if (idealCycle != null) {
      body.put("idealCycleSeconds", idealCycle);
    }
    admin.request().body(body).post("/api/v1/enterprises/oee-co/devices").then().statusCode(201);
  }

  private static Map<String, Object> point(String name, String type, String kind) {
    return Map.of("name", name, "unit", "", "dataType", type, "kind", kind, "intervalSeconds", 600);
  }

  private static TelemetryRecord reading(String device, long seq, Instant ts) {
    return new TelemetryRecord(
        "oee-park",
        new DeviceRef("oee-co", device),
        seq,
        ts,
        ts,
        Map.of("state", "RUNNING", "total", seq * 10, "good", seq * 9));
  }
}
