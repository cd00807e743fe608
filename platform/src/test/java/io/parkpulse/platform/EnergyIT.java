package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.EnergyMonth;
import io.parkpulse.model.EnergyMonthCodec;
import io.parkpulse.platform.energy.jobs.EnergyJob;
import io.parkpulse.platform.energy.readmodel.EnergyReadModel.ParkZone;
import io.parkpulse.platform.energy.readmodel.MeterDays;
import io.parkpulse.platform.maturity.readmodel.IndicatorQueries;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Energy and carbon against the real database and broker: a day of 15-minute meter readings in the
 * 1-minute rollups is measured into meter days (one meter with holes), the month's figures follow
 * from them, the declarations and the factors (a provincial factor replacing the national one), the
 * monthly record goes out on the park's energy topic and again with the next revision when its
 * figures change, and each caller sees only what is theirs.
 *
 * <p>Enterprise {@code en-co} of park {@code en-park} (Asia/Shanghai) has two grid meters ({@code
 * en-m1}: 86 of 96 slots, {@code en-m2}: all 96), a PV meter and a production line, all read on the
 * 10th of last month.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnergyIT {

  private static final String PARK = "en-park";
  private static final String ENT = "en-co";
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final YearMonth MONTH = YearMonth.now(ZONE).minusMonths(1);
  private static final LocalDate DAY = MONTH.atDay(10);
  private static final String PROVINCE = "测试省";

  @Inject DataSource dataSource;
  @Inject EnergyJob job;

  private static Api admin;
  private static Api operator;
  private static Api entAdmin;
  private static Api viewer;
  private static Api otherAdmin;

  @BeforeEach
  void setUpOnce() throws Exception {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park(PARK);
    admin.park("en-park-2");
    admin.enterprise(PARK, ENT);
    admin.enterprise(PARK, "en-other");
    admin.enterprise(PARK, "en-third");
    profile("en-grid", point("kwh", "energy.active_kwh"));
    profile("en-solar", point("pv", "energy.generated_kwh"));
    profile("en-line", point("good", "counter.good"), point("total", "counter.total"));
    device("en-m1", "en-grid");
    device("en-m2", "en-grid");
    device("en-pv", "en-solar");
    device("en-l1", "en-line");
    operator = admin.user("en-operator", "park-operator", PARK, null);
    entAdmin = admin.user("en-admin", "enterprise-admin", null, ENT);
    viewer = admin.user("en-viewer", "enterprise-viewer", null, ENT);
    otherAdmin = admin.user("en-other-admin", "enterprise-admin", null, "en-other");

    Instant start = DAY.atStartOfDay(ZONE).toInstant();
    // en-m1: the register at 1000 an hour before the day, then +5 kWh in each 15-minute slot but
    // ten (slots 40 to 49 have no reading): 86 of 96 slots.
    rollup("en-m1", "kwh", start.minus(Duration.ofHours(1)), 1000);
    for (int k = 0; k < 96; k++) {
      if (k < 40 || k > 49) {
        rollup("en-m1", "kwh", slot(start, k), 1000 + 5 * (k + 1));
      }
    }
    // en-m2: 200 a slot before the day, +2 kWh in every slot; en-pv: 50, +1 kWh in every slot.
    rollup("en-m2", "kwh", slot(start, -1), 200);
    rollup("en-pv", "pv", slot(start, -1), 50);
    rollup("en-l1", "good", slot(start, -1), 0);
    rollup("en-l1", "total", slot(start, -1), 0);
    for (int k = 0; k < 96; k++) {
      rollup("en-m2", "kwh", slot(start, k), 200 + 2 * (k + 1));
      rollup("en-pv", "pv", slot(start, k), 50 + (k + 1));
      rollup("en-l1", "good", slot(start, k), 10 * (k + 1));
      rollup("en-l1", "total", slot(start, k), 12 * (k + 1));
    }
    new MeterDays(dataSource).measure(PARK, ZONE, DAY, Instant.now());
  }

  @Test
  @Order(1)
  void aDayIsMeasuredFromTheRollupsWithItsSlotsRegisterAndIntervals() throws Exception {
    // en-m1: register 1000 → 1480 = 480 kWh. The rise into the day (5 kWh after an hour) and over
    // the hole (slot 39 → 50: 55 kWh in 165 minutes) are not 15-minute values: 480 − 60 = 420.
    assertThat(meterDay("en-m1")).containsExactly(86.0, 96.0, 480.0, 420.0);
    assertThat(meterDay("en-m2")).containsExactly(96.0, 96.0, 192.0, 192.0);
    assertThat(meterDay("en-pv")).containsExactly(96.0, 96.0, 96.0, 96.0);
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT good, total FROM energy_output_day WHERE enterprise = ? AND day = ?")) {
      q.setString(1, ENT);
      q.setObject(2, DAY);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getDouble(1)).isEqualTo(960.0);
        assertThat(rs.getDouble(2)).isEqualTo(1152.0);
      }
    }
    // Measuring the day again writes the same rows.
    new MeterDays(dataSource).measure(PARK, ZONE, DAY, Instant.now());
    assertThat(meterDay("en-m1")).containsExactly(86.0, 96.0, 480.0, 420.0);
  }

  @Test
  @Order(3)
  void theMonthsFiguresFollowFromTheMeterDaysWithTheDataQualityBehindThem() {
    JsonPath month = enterpriseMonth(viewer);
    // Electricity 480 + 192 = 672 kWh, of which en-m1's 480 unmonitored (86/96 = 89.6% < 90%);
    // PV 96 kWh is used on site, so the grid gave 576 kWh: 576 × 0.5306 = 305.6256 kg CO2.
    assertThat(month.getDouble("figures.electricityKwh")).isEqualTo(672.0);
    assertThat(month.getDouble("figures.unmonitoredKwh")).isEqualTo(480.0);
    assertThat(month.getDouble("figures.pvKwh")).isEqualTo(96.0);
    assertThat(month.getDouble("figures.gridKwh")).isEqualTo(576.0);
    assertThat(month.getDouble("figures.tco2")).isCloseTo(0.3056256, within(1e-9));
    // 672 kWh × 0.1229 kgce = 82.5888 kgce; the clean share is 96 / 672.
    assertThat(month.getDouble("figures.totalTce")).isCloseTo(0.0825888, within(1e-9));
    assertThat(month.getDouble("figures.cleanShare")).isCloseTo(96.0 / 672, within(1e-9));
    assertThat(month.getBoolean("figures.meetsCore")).isFalse();
    assertThat(month.getDouble("figures.threshold")).isEqualTo(0.20);
    assertThat(month.getDouble("figures.kwhPerGood")).isCloseTo(0.7, within(1e-12));
    assertThat(month.getInt("figures.quality.meterDays")).isEqualTo(3);
    assertThat(month.getInt("figures.quality.monitoredMeterDays")).isEqualTo(2);
    assertThat(month.getList("figures.quality.flags.device")).containsExactly("en-m1", "en-m1");
    assertThat(month.getList("figures.quality.flags.reason").toString())
        .contains("89.6%", "gap 12.5%");
    assertThat(month.getList("meters.device")).containsExactlyInAnyOrder("en-m1", "en-m2", "en-pv");
    assertThat(month.getBoolean("meters.find { it.device == 'en-m1' }.gapFlagged")).isTrue();
    assertThat(month.getDouble("meters.find { it.device == 'en-m1' }.gap"))
        .isCloseTo(60.0 / 480, within(1e-12));
    assertThat(month.getList("days")).hasSize(1);
  }

  @Test
  @Order(4)
  void declarationsAddGasAndGreenPowerAndAViewerCannotDeclare() {
    viewer
        .request()
        .body(Map.of("quantities", Map.of("natural-gas", 100), "source", "invoice 1"))
        .put("/api/v1/enterprises/{e}/energy/declarations/{m}", ENT, MONTH.toString())
        .then()
        .statusCode(403);
    entAdmin
        .request()
        .body(Map.of("quantities", Map.of("electricity", 100), "source", "meter"))
        .put("/api/v1/enterprises/{e}/energy/declarations/{m}", ENT, MONTH.toString())
        .then()
        .statusCode(400);
    entAdmin
        .request()
        .body(
            Map.of(
                "quantities",
                Map.of("natural-gas", 100, "green-power", 100),
                "source",
                "gas invoice 2026-114; green certificate GEC-7"))
        .put("/api/v1/enterprises/{e}/energy/declarations/{m}", ENT, MONTH.toString())
        .then()
        .statusCode(200);

    JsonPath month = enterpriseMonth(viewer);
    // Green 100 kWh of the 576 from the grid: (576 − 100) × 0.5306 = 252.5656 kg; gas 100 m3 ×
    // 2.1622 = 216.22 kg and × 1.2143 kgce = 121.43 kgce.
    assertThat(month.getDouble("figures.greenKwh")).isEqualTo(100.0);
    assertThat(month.getDouble("figures.tco2")).isCloseTo(0.2525656 + 0.21622, within(1e-9));
    assertThat(month.getDouble("figures.totalTce")).isCloseTo(0.0825888 + 0.12143, within(1e-9));
    assertThat(
            viewer
                .request()
                .get("/api/v1/enterprises/{e}/energy/declarations?year={y}", ENT, MONTH.getYear())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("carrier"))
        .containsExactlyInAnyOrder("green-power", "natural-gas");
  }

  @Test
  @Order(5)
  void theMonthlyRecordIsPublishedOnceAndAgainWithTheNextRevisionWhenItsFiguresChange()
      throws Exception {
    String topic = "parkpulse." + PARK + ".energy.v1";
    String key = ENT + "/" + MONTH;
    job.runPark(new ParkZone(PARK, ZONE), Instant.now());
    job.runPark(new ParkZone(PARK, ZONE), Instant.now());
    List<EnergyMonth> records = records(topic, key);
    assertThat(records).hasSize(1);
    EnergyMonth first = records.get(0);
    assertThat(first.revision()).isEqualTo(1);
    assertThat(first.electricityKwh()).isEqualTo(672.0);
    assertThat(first.tco2()).isCloseTo(0.2525656 + 0.21622, within(1e-9));
    assertThat(first.goodUnits()).isEqualTo(960L);
    assertThat(first.factors())
        .anySatisfy(f -> assertThat(f.value()).isEqualTo(0.5306))
        .allSatisfy(f -> assertThat(f.source()).isNotBlank());
    assertThat(records(topic, "en-other/" + MONTH)).isEmpty();

    // A provincial factor from the start of the month, and the park in that province.
    JsonPath factor =
        admin
            .request()
            .body(
                Map.of(
                    "kind",
                    "co2",
                    "carrier",
                    "electricity",
                    "province",
                    PROVINCE,
                    "validFrom",
                    MONTH.atDay(1).toString(),
                    "value",
                    0.6,
                    "source",
                    "a provincial grid factor, for this test"))
            .post("/api/v1/energy/factors")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    operator
        .request()
        .body(Map.of("province", PROVINCE))
        .put("/api/v1/parks/{p}/energy/settings", PARK)
        .then()
        .statusCode(200);
    JsonPath month = enterpriseMonth(viewer);
    // (576 − 100) × 0.6 = 285.6 kg, and the gas as before.
    assertThat(month.getDouble("figures.tco2")).isCloseTo(0.2856 + 0.21622, within(1e-9));
    assertThat(month.getList("figures.factors.factorId", Long.class))
        .contains(factor.getLong("id"));

    job.runPark(new ParkZone(PARK, ZONE), Instant.now());
    records = records(topic, key);
    assertThat(records).hasSize(2);
    assertThat(records.get(1).revision()).isEqualTo(2);
    assertThat(records.get(1).tco2()).isCloseTo(0.2856 + 0.21622, within(1e-9));
    assertThat(records.get(1).factors())
        .anySatisfy(f -> assertThat(f.id()).isEqualTo(factor.getLong("id")));
  }

  @Test
  @Order(6)
  void theParkFiguresAreItsOperatorsAndEachSeesOnlyItsOwn() {
    JsonPath park =
        operator
            .request()
            .get("/api/v1/parks/{p}/energy?month={m}", PARK, MONTH.toString())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(park.getDouble("figures.electricityKwh")).isEqualTo(672.0);
    assertThat(park.getList("enterprises.enterprise")).containsExactly(ENT, "en-other", "en-third");
    entAdmin.request().get("/api/v1/parks/{p}/energy", PARK).then().statusCode(403);
    otherAdmin
        .request()
        .get("/api/v1/enterprises/{e}/energy?month={m}", ENT, MONTH.toString())
        .then()
        .statusCode(404);
    otherAdmin
        .request()
        .body(Map.of("quantities", Map.of("coal", 1), "source", "x"))
        .put("/api/v1/enterprises/{e}/energy/declarations/{m}", ENT, MONTH.toString())
        .then()
        .statusCode(404);
    operator
        .request()
        .body(
            Map.of(
                "kind",
                "co2",
                "carrier",
                "electricity",
                "validFrom",
                "2026-01-01",
                "value",
                0.1,
                "source",
                "x"))
        .post("/api/v1/energy/factors")
        .then()
        .statusCode(403);
    entAdmin
        .request()
        .body(Map.of("province", "x"))
        .put("/api/v1/parks/{p}/energy/settings", PARK)
        .then()
        .statusCode(403);
    entAdmin
        .request()
        .get("/api/v1/enterprises/{e}/energy?month=2026-13", ENT)
        .then()
        .statusCode(400);
  }

  @Test
  @Order(7)
  void theShippedFactorsCarryTheirSourcesAndAParkFactorAppliesToItsParkOnly() {
    JsonPath shared =
        viewer.request().get("/api/v1/energy/factors").then().statusCode(200).extract().jsonPath();
    assertThat(shared.getList("value", Double.class)).contains(0.5306, 0.1229);
    assertThat(shared.getList("source", String.class)).allSatisfy(s -> assertThat(s).isNotBlank());
    JsonPath added =
        operator
            .request()
            .body(
                Map.of(
                    "kind",
                    "tce",
                    "carrier",
                    "steam",
                    "validFrom",
                    MONTH.atDay(1).toString(),
                    "value",
                    100,
                    "source",
                    "the park's own steam supplier, 2026 contract"))
            .post("/api/v1/parks/{p}/energy/factors", PARK)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(added.getString("unit")).isEqualTo("kgce/t");
    List<Map<String, Object>> parkFactors =
        operator
            .request()
            .get("/api/v1/parks/{p}/energy/factors", PARK)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(parkFactors)
        .anySatisfy(
            f -> {
              assertThat(f.get("id")).isEqualTo(added.getInt("id"));
              assertThat(f.get("applies")).isEqualTo(true);
            });
    assertThat(
            admin
                .request()
                .get("/api/v1/parks/{p}/energy/factors", "en-park-2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", Long.class))
        .doesNotContain(added.getLong("id"));
  }

  @Test
  @Order(8)
  void theMiitEstimateScoresGreenAndQualityOutcomesFromTwoYearsOfData() throws Exception {
    int year = LocalDate.now(ZONE).getYear() - 1;
    // en-other: 10 tce a month the year before last, 9 last year, on sales of 10,000 万元 each
    // year: 120 / 1e6 → 108 / 1e6 tce per 100 yuan, −10%: a fall, 7 points. Pass rates 90% → 95%:
    // a rise, 7 points.
    try (Connection c = dataSource.getConnection();
        PreparedStatement records =
            c.prepareStatement(
                "INSERT INTO energy_month_record (enterprise, month, park, revision, sha256,"
                    + " record, published_at) VALUES ('en-other', ?, ?, 1, 'x', ?::jsonb, now())");
        PreparedStatement output =
            c.prepareStatement(
                "INSERT INTO energy_output_day (park, enterprise, day, good, total, computed_at)"
                    + " VALUES (?, 'en-other', ?, ?, 100, now())")) {
      for (int y = year - 1; y <= year; y++) {
        for (int m = 1; m <= 12; m++) {
          records.setObject(1, LocalDate.of(y, m, 1));
          records.setString(2, PARK);
          records.setString(
              3,
              "{\"totalTce\": " + (y < year ? 10 : 9) + ", \"quality\": {\"completeness\": 0.97}}");
          records.executeUpdate();
          output.setString(1, PARK);
          output.setObject(2, LocalDate.of(y, m, 15));
          output.setDouble(3, y < year ? 90 : 95);
          output.executeUpdate();
        }
      }
    }
    for (int y = year - 1; y <= year; y++) {
      operator
          .request()
          .body(Map.of("landMu", 50, "tax10kYuan", 300, "sales10kYuan", 10_000))
          .put("/api/v1/enterprises/{e}/mu/{y}", "en-other", y)
          .then()
          .statusCode(200);
    }
    JsonPath assessment =
        doubles(
            admin
                .request()
                .post("/api/v1/enterprises/{e}/assessments", "en-other")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    Map<String, Object> green = basePoints(assessment, "绿色低碳");
    assertThat(green.get("points")).isEqualTo(7.0);
    assertThat((String) green.get("evidence")).contains("fall");
    Map<String, Object> quality = basePoints(assessment, "产品质量");
    assertThat(quality.get("points")).isEqualTo(7.0);
    assertThat((String) quality.get("evidence")).contains("rise");
  }

  /** A day of one of en-third's grid meters, {@code slots} of its 96 15-minute values received. */
  private void thirdsMeterDay(String meter, LocalDate day, int slots) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO energy_meter_day (park, enterprise, device, point, carrier, day,"
                    + " slots, expected_slots, counter_kwh, interval_kwh, last_value, computed_at)"
                    + " VALUES (?, 'en-third', ?, 'kwh', 'electricity', ?, ?, 96, 100, 100, 100,"
                    + " now())")) {
      q.setString(1, PARK);
      q.setString(2, meter);
      q.setObject(3, day);
      q.setInt(4, slots);
      q.executeUpdate();
    }
  }

  @Test
  @Order(12)
  void theMonitoringGradeCountsTheParksDaysWhateverTheHourInUtc() throws Exception {
    // 02:30 on 11 June in Shanghai, still 10 June in UTC: the park's yesterday (10 June) counts,
    // the day before its window (11 May there; the window starts at 02:30 on 12 May) does not.
    Instant now = Instant.parse("2025-06-10T18:30:00Z");
    thirdsMeterDay("en-t1", LocalDate.of(2025, 6, 10), 86);
    thirdsMeterDay("en-t2", LocalDate.of(2025, 6, 10), 96);
    thirdsMeterDay("en-t1", LocalDate.of(2025, 5, 11), 10);

    IndicatorValue e1 =
        new IndicatorQueries(dataSource).compute("en-third", now, Duration.ofDays(30)).get("E1");

    assertThat(e1).isNotNull();
    assertThat(e1.value()).isEqualTo(0.5);
    assertThat(e1.source()).startsWith("1 of 2 meter-days");
  }

  @Test
  @Order(2)
  void theMiitEstimateRatesEnergyManagementFromTheMonitoringGrade() throws Exception {
    // en-third's two grid meters yesterday (inside the assessment's 30 days whatever today is):
    // one at 86 of 96 values, one at 96: E1 = 1 of 2 meter-days, with 182 of 192 values received
    // (94.8%, past the 80% gate): 能耗管理 L2.
    LocalDate yesterday = LocalDate.now(ZONE).minusDays(1);
    thirdsMeterDay("en-t1", yesterday, 86);
    thirdsMeterDay("en-t2", yesterday, 96);
    JsonPath assessment =
        doubles(
            admin
                .request()
                .post("/api/v1/enterprises/{e}/assessments", "en-third")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    List<Map<String, Object>> scenarios = assessment.getList("assessment.miit.scenarios");
    if (scenarios == null) {
      scenarios = assessment.getList("miit.scenarios");
    }
    assertThat(scenarios)
        .anySatisfy(
            sc -> {
              assertThat(sc.get("name")).isEqualTo("能耗管理");
              assertThat(sc.get("level")).isEqualTo(2);
              assertThat(sc.get("evidence")).isEqualTo("E1 = 50.0%");
            });
  }

  @Test
  @Order(9)
  void aRegisterThatFallsIsMeasuredAsAResetAndFlagged() throws Exception {
    // en2-m1 of park en-park-2: 500, 510, then 3 (the register replaced), 13: 10 + 3 + 10 = 23
    // kWh, one fall.
    admin.enterprise("en-park-2", "en2-co");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "en2-grid",
                "park",
                "en-park-2",
                "name",
                "grid",
                "points",
                List.of(point("kwh", "energy.active_kwh"))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    admin
        .request()
        .body(Map.of("id", "en2-m1", "name", "en2-m1", "type", "meter", "profile", "en2-grid"))
        .post("/api/v1/enterprises/{e}/devices", "en2-co")
        .then()
        .statusCode(201);
    Instant start = DAY.atStartOfDay(ZONE).toInstant();
    double[] values = {500, 510, 3, 13};
    for (int k = 0; k < values.length; k++) {
      rollup("en-park-2", "en2-co", "en2-m1", "kwh", slot(start, k), values[k]);
    }
    new MeterDays(dataSource).measure("en-park-2", ZONE, DAY, Instant.now());

    JsonPath month =
        doubles(
            admin
                .request()
                .get("/api/v1/enterprises/{e}/energy?month={m}", "en2-co", MONTH.toString())
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(month.getDouble("figures.electricityKwh")).isEqualTo(23.0);
    assertThat(month.getList("figures.quality.flags.reason").toString())
        .contains("the register fell 1 time");
  }

  @Test
  @Order(10)
  void anotherParksOperatorReachesNothingOfThisPark() {
    Api stranger = admin.user("en2-operator", "park-operator", "en-park-2", null);
    int year = LocalDate.now(ZONE).getYear();
    stranger.request().get("/api/v1/parks/{p}/energy", PARK).then().statusCode(404);
    stranger.request().get("/api/v1/parks/{p}/energy/settings", PARK).then().statusCode(404);
    stranger.request().get("/api/v1/parks/{p}/mu?year={y}", PARK, year).then().statusCode(404);
    stranger.request().get("/api/v1/parks/{p}/policy", PARK).then().statusCode(404);
    stranger
        .request()
        .get("/api/v1/parks/{p}/policy/{k}/attachment", PARK, "dual-gigabit")
        .then()
        .statusCode(404);
    stranger
        .request()
        .body(Map.of("landMu", 1, "tax10kYuan", 1, "sales10kYuan", 1))
        .put("/api/v1/enterprises/{e}/mu/{y}", ENT, year)
        .then()
        .statusCode(404);
    stranger
        .request()
        .body(Map.of("value", 1.0))
        .put("/api/v1/parks/{p}/policy/{k}", PARK, "dual-gigabit")
        .then()
        .statusCode(404);
    stranger
        .request()
        .body(Map.of("quantities", Map.of("coal", 1), "source", "x"))
        .put("/api/v1/enterprises/{e}/energy/declarations/{m}", ENT, MONTH.toString())
        .then()
        .statusCode(404);
    // An enterprise of the park does not read the park's yearly consumption either.
    entAdmin.request().get("/api/v1/parks/{p}/energy/settings", PARK).then().statusCode(403);
  }

  @Test
  @Order(11)
  void aLateDeclarationForAnOldPublishedMonthIsPublishedAgainWithTheNextRevision()
      throws Exception {
    // A month older than the two the job looks at, published before (revision 1).
    YearMonth old = MONTH.minusMonths(3);
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO energy_month_record (enterprise, month, park, revision, sha256,"
                    + " record, published_at) VALUES (?, ?, ?, 1, 'earlier', '{}'::jsonb, now())")) {
      q.setString(1, ENT);
      q.setObject(2, old.atDay(1));
      q.setString(3, PARK);
      q.executeUpdate();
    }
    entAdmin
        .request()
        .body(Map.of("quantities", Map.of("natural-gas", 10), "source", "a late gas invoice"))
        .put("/api/v1/enterprises/{e}/energy/declarations/{m}", ENT, old.toString())
        .then()
        .statusCode(200);
    assertThat(staleMonths()).contains(old.atDay(1));

    job.runPark(new ParkZone(PARK, ZONE), Instant.now());

    List<EnergyMonth> records = records("parkpulse." + PARK + ".energy.v1", ENT + "/" + old);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).revision()).isEqualTo(2);
    // 10 m3 x 2.1622 kgCO2 = 21.622 kg.
    assertThat(records.get(0).tco2()).isCloseTo(0.021622, within(1e-9));
    assertThat(staleMonths()).doesNotContain(old.atDay(1));
  }

  private List<LocalDate> staleMonths() throws Exception {
    List<LocalDate> months = new java.util.ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT month FROM energy_month_stale WHERE park = ?")) {
      q.setString(1, PARK);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          months.add(rs.getObject(1, LocalDate.class));
        }
      }
    }
    return months;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> basePoints(JsonPath assessment, String item) {
    List<Map<String, Object>> base = assessment.getList("assessment.miit.basePoints");
    if (base == null) {
      base = assessment.getList("miit.basePoints");
    }
    return base.stream()
        .filter(b -> item.equals(b.get("item")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + item + " in the MIIT base points"));
  }

  private JsonPath enterpriseMonth(Api caller) {
    return doubles(
        caller
            .request()
            .get("/api/v1/enterprises/{e}/energy?month={m}", ENT, MONTH.toString())
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  /** JSON whose numbers are read as doubles, not floats: the figures are checked to 1e-9. */
  private static JsonPath doubles(String body) {
    return new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
  }

  private static List<EnergyMonth> records(String topic, String key) throws Exception {
    EnergyMonthCodec codec = new EnergyMonthCodec();
    List<EnergyMonth> decoded = new java.util.ArrayList<>();
    for (var r : TopicReader.readAll(topic, key)) {
      decoded.add(codec.decode(r.value()));
    }
    return decoded;
  }

  private List<Double> meterDay(String device) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT slots, expected_slots, counter_kwh, interval_kwh FROM energy_meter_day"
                    + " WHERE enterprise = ? AND device = ? AND day = ?")) {
      q.setString(1, ENT);
      q.setString(2, device);
      q.setObject(3, DAY);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).as("meter day of " + device).isTrue();
        return List.of(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
      }
    }
  }

  private static Instant slot(Instant start, int k) {
    return start.plus(Duration.ofMinutes(15L * k));
  }

  /** One reading in a minute bucket of en-co. */
  private void rollup(String device, String point, Instant at, double value) throws Exception {
    rollup(PARK, ENT, device, point, at, value);
  }

  /** One reading in a minute bucket. */
  private void rollup(
      String park, String enterprise, String device, String point, Instant at, double value)
      throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO rollup_1m (park, enterprise, device, point, bucket, n, sum, min, max,"
                    + " first_ts, first_value, last_ts, last_value)"
                    + " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)")) {
      Timestamp ts = Timestamp.from(at);
      q.setString(1, park);
      q.setString(2, enterprise);
      q.setString(3, device);
      q.setString(4, point);
      q.setTimestamp(5, ts);
      q.setDouble(6, value);
      q.setDouble(7, value);
      q.setDouble(8, value);
      q.setTimestamp(9, ts);
      q.setDouble(10, value);
      q.setTimestamp(11, ts);
      q.setDouble(12, value);
      q.executeUpdate();
    }
  }

  private static Map<String, Object> point(String name, String kind) {
    return Map.of(
        "name", name, "unit", "kWh", "dataType", "number", "kind", kind, "intervalSeconds", 900);
  }

  @SafeVarargs
  private static void profile(String id, Map<String, Object>... points) {
    admin
        .request()
        .body(Map.of("id", id, "park", PARK, "name", id, "points", List.of(points)))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
  }

  private static void device(String id, String profile) {
    admin
        .request()
        .body(Map.of("id", id, "name", id, "type", "meter", "profile", profile))
        .post("/api/v1/enterprises/{e}/devices", ENT)
        .then()
        .statusCode(201);
  }
}
