package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.parkpulse.platform.parks.ParkProvisioner;
import io.parkpulse.platform.telemetry.readmodel.Partitions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Telemetry partitions per park and day: created ahead, filled from the defaults, expired. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PartitionsIT {

  @Inject DataSource dataSource;
  @Inject ParkProvisioner provisioner;
  @Inject MeterRegistry registry;

  @Test
  void maintenanceMeasuresTheBytesOfStoredTelemetry() throws Exception {
    Api.admin().park("sized-park");
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    DeviceRef device = new DeviceRef("sized-co", "sized-01");
    writer.write(
        new IngestBatch(List.of(reading("sized-park", device, 1, Instant.now())), List.of()));
    long stored = new Partitions(dataSource, 7).storedBytes();
    assertThat(stored).isPositive();

    provisioner.maintain();

    assertThat(registry.get("parkpulse.platform.telemetry.bytes").gauge().value()).isPositive();
  }

  @Test
  void readingsThatArriveBeforeTheirParkMoveIntoItsPartitionWhenItIsCreated() throws Exception {
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    DeviceRef device = new DeviceRef("early-co", "early-01");
    Instant now = Instant.now();
    writer.write(new IngestBatch(List.of(reading("early-park", device, 1, now)), List.of()));
    assertThat(rowsIn("telemetry_unassigned", "early-01")).isEqualTo(1);

    Api.admin().park("early-park");

    assertThat(rowsIn("telemetry_unassigned", "early-01")).isZero();
    String today = "telemetry_p" + num("early-park") + "_" + day(LocalDate.now(ZoneOffset.UTC));
    assertThat(rowsIn(today, "early-01")).isEqualTo(1);
    for (int ahead = -1; ahead <= 7; ahead++) {
      String name =
          "telemetry_p"
              + num("early-park")
              + "_"
              + day(LocalDate.now(ZoneOffset.UTC).plusDays(ahead));
      assertThat(exists(name)).as(name).isTrue();
    }
  }

  @Test
  void expiryDropsDaysPastRetentionAndOldRowsOfTheDefaultPartition() throws Exception {
    Api.admin().park("expiry-park");
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    DeviceRef device = new DeviceRef("expiry-co", "old-01");
    Instant now = Instant.now();
    List<TelemetryRecord> readings = new ArrayList<>();
    readings.add(reading("expiry-park", device, 1, now.minus(Duration.ofDays(40))));
    readings.add(reading("expiry-park", device, 2, now.minus(Duration.ofDays(1))));
    readings.add(reading("expiry-park", device, 3, now));
    writer.write(new IngestBatch(readings, List.of()));
    String other = "telemetry_p" + num("expiry-park") + "_other";
    assertThat(rowsIn(other, "old-01")).as("40 days old: no day partition").isEqualTo(1);
    assertThat(enterpriseHours("expiry-co")).hasSize(3).isEqualTo(rollupHours("expiry-co"));

    List<String> dropped = new Partitions(dataSource, 7).expire("expiry-park", 0);

    String yesterday =
        "telemetry_p" + num("expiry-park") + "_" + day(LocalDate.now(ZoneOffset.UTC).minusDays(1));
    assertThat(dropped).containsExactly(yesterday);
    assertThat(rowsIn(other, "old-01")).isZero();
    assertThat(rowsIn("telemetry", "old-01")).as("today's reading stays").isEqualTo(1);
    assertThat(enterpriseHours("expiry-co"))
        .as("the enterprise's hours with data go with the hourly rollups")
        .hasSize(1)
        .isEqualTo(rollupHours("expiry-co"));
  }

  @Test
  void aParkIsDeletedOnlyWhenEmptyWithItsTelemetryAndItsIdRetired() throws Exception {
    Api admin = Api.admin();
    admin.park("gone-park");
    admin.enterprise("gone-park", "gone-co");
    admin.request().delete("/api/v1/parks/gone-park").then().statusCode(409);

    new TelemetryWriter(dataSource)
        .write(
            new IngestBatch(
                List.of(
                    reading("gone-park", new DeviceRef("gone-co", "gone-01"), 1, Instant.now())),
                List.of()));
    admin.request().delete("/api/v1/enterprises/gone-co").then().statusCode(204);
    admin.request().delete("/api/v1/parks/gone-park").then().statusCode(204);
    admin.request().get("/api/v1/parks/gone-park").then().statusCode(404);
    assertThat(rowsIn("telemetry", "gone-01")).isZero();

    admin
        .request()
        .body(Map.of("id", "gone-park", "name", "Gone park again"))
        .post("/api/v1/parks")
        .then()
        .statusCode(409);
    admin.park("next-park");
    String today = "telemetry_p" + num("next-park") + "_" + day(LocalDate.now(ZoneOffset.UTC));
    assertThat(exists(today)).isTrue();
  }

  private static TelemetryRecord reading(String park, DeviceRef device, long seq, Instant ts) {
    return new TelemetryRecord(park, device, seq, ts, ts, Map.of("kw", 1.5));
  }

  private static String day(LocalDate date) {
    return DateTimeFormatter.BASIC_ISO_DATE.format(date);
  }

  private int num(String park) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT num FROM park WHERE id = ?")) {
      query.setString(1, park);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private boolean exists(String table) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      query.setString(1, table);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private List<Instant> enterpriseHours(String enterprise) throws Exception {
    return instants(
        "SELECT bucket FROM enterprise_hour WHERE enterprise = ? ORDER BY 1", enterprise);
  }

  private List<Instant> rollupHours(String enterprise) throws Exception {
    return instants(
        "SELECT DISTINCT bucket FROM rollup_1h WHERE enterprise = ? ORDER BY 1", enterprise);
  }

  private List<Instant> instants(String sql, String param) throws Exception {
    List<Instant> instants = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, param);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          instants.add(rs.getTimestamp(1).toInstant());
        }
      }
    }
    return instants;
  }

  private long rowsIn(String table, String device) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement("SELECT count(*) FROM " + table + " WHERE device = ?")) {
      query.setString(1, device);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
