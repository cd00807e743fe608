package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The ingest's database writes, batch by batch, against the real schema. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class TelemetryWriterIT {

  private static final Instant T0 = Instant.parse("2026-11-29T03:00:00Z");

  @Inject DataSource dataSource;

  @Test
  void aBatchWrittenTwiceIsStoredAndRolledUpOnce() throws Exception {
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    DeviceRef lathe = new DeviceRef("writer-co", "lathe-01");
    List<TelemetryRecord> readings = new ArrayList<>();
    for (int seq = 1; seq <= 120; seq++) {
      readings.add(reading(lathe, seq, T0.plusSeconds(seq), Map.of("good", (long) seq, "kw", 2.0)));
    }
    IngestBatch batch = new IngestBatch(readings, List.of());

    assertThat(writer.write(batch)).isEqualTo(120);
    assertThat(writer.write(batch)).as("the same batch consumed again").isZero();

    assertThat(number("SELECT count(*) FROM telemetry WHERE device = 'lathe-01'")).isEqualTo(120);
    assertThat(number("SELECT sum(n) FROM rollup_1m WHERE device = 'lathe-01' AND point = 'good'"))
        .isEqualTo(120);
    assertThat(number("SELECT n FROM rollup_1h WHERE device = 'lathe-01' AND point = 'kw'"))
        .isEqualTo(120);
    // Minute 03:01 holds seq 60..119: first 60, last 119, sum of kw 120.
    assertThat(
            number(
                "SELECT last_value - first_value FROM rollup_1m WHERE device = 'lathe-01'"
                    + " AND point = 'good' AND bucket = '2026-11-29T03:01:00Z'"))
        .isEqualTo(59);
    assertThat(number("SELECT readings FROM device_status WHERE device = 'lathe-01'"))
        .isEqualTo(120);
  }

  @Test
  void recordsSeqGapsAndShrinksThemWhenLateReadingsArrive() throws Exception {
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    DeviceRef loom = new DeviceRef("writer-co", "loom-07");
    writer.write(batch(loom, 1, 2, 3, 7, 8, 12));
    assertThat(gaps("loom-07")).containsExactly("4-6", "9-11");

    writer.write(batch(loom, 5, 10, 13));
    assertThat(gaps("loom-07")).containsExactly("4-4", "6-6", "9-9", "11-11");

    writer.write(batch(loom, 4, 6, 9, 11));
    assertThat(gaps("loom-07")).isEmpty();
    assertThat(number("SELECT max_seq FROM device_status WHERE device = 'loom-07'")).isEqualTo(13);
  }

  @Test
  void onlineStateFollowsGatewayEventsAndLaterTelemetry() throws Exception {
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    DeviceRef press = new DeviceRef("writer-co", "press-09");
    writer.write(new IngestBatch(List.of(), List.of(event(press, DeviceEvent.CONNECTED, 0))));
    assertThat(online("press-09")).isTrue();

    writer.write(
        new IngestBatch(List.of(), List.of(event(press, DeviceEvent.CONNECTION_LOST, 60))));
    assertThat(online("press-09")).isFalse();

    // A reading received before the connection was lost does not bring the device back.
    writer.write(
        new IngestBatch(
            List.of(reading(press, 1, T0.plusSeconds(30), Map.of("kw", 1.0))), List.of()));
    assertThat(online("press-09")).isFalse();

    writer.write(
        new IngestBatch(
            List.of(reading(press, 2, T0.plusSeconds(120), Map.of("kw", 1.0))), List.of()));
    assertThat(online("press-09")).isTrue();
  }

  @Test
  void sparkplugBirthAndDeathSetTheOnlineState() throws Exception {
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    DeviceRef meter = new DeviceRef("writer-co", "meter-04");
    writer.write(new IngestBatch(List.of(), List.of(event(meter, DeviceEvent.BIRTH, 0))));
    assertThat(online("meter-04")).isTrue();

    writer.write(new IngestBatch(List.of(), List.of(event(meter, DeviceEvent.DEATH, 60))));
    assertThat(online("meter-04")).isFalse();

    writer.write(new IngestBatch(List.of(), List.of(event(meter, DeviceEvent.BIRTH, 90))));
    assertThat(online("meter-04")).isTrue();
  }

  private static IngestBatch batch(DeviceRef device, long... seqs) {
    List<TelemetryRecord> readings = new ArrayList<>();
    for (long seq : seqs) {
      readings.add(reading(device, seq, T0.plusSeconds(seq), Map.of("v", seq)));
    }
    return new IngestBatch(readings, List.of());
  }

  private static TelemetryRecord reading(
      DeviceRef device, long seq, Instant ts, Map<String, Object> metrics) {
    return new TelemetryRecord(PlatformTestResource.PARK, device, seq, ts, ts, metrics);
  }

  private static DeviceEvent event(DeviceRef device, String type, long second) {
    return new DeviceEvent(
        PlatformTestResource.PARK, device, type, T0.plusSeconds(second), Map.of());
  }

  private List<String> gaps(String device) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement(
                "SELECT from_seq || '-' || to_seq FROM telemetry_gap WHERE device = ?"
                    + " ORDER BY from_seq")) {
      query.setString(1, device);
      List<String> gaps = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          gaps.add(rs.getString(1));
        }
      }
      return gaps;
    }
  }

  private boolean online(String device) throws Exception {
    return number(
            "SELECT CASE WHEN online THEN 1 ELSE 0 END FROM device_status WHERE device = '"
                + device
                + "'")
        == 1;
  }

  private long number(String sql) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement(sql);
        ResultSet rs = query.executeQuery()) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getLong(1);
    }
  }
}
