package io.parkpulse.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.parkpulse.model.EnergyMonth.Carrier;
import io.parkpulse.model.EnergyMonth.CarrierFigure;
import io.parkpulse.model.EnergyMonth.FactorKind;
import io.parkpulse.model.EnergyMonth.FactorUsed;
import io.parkpulse.model.EnergyMonth.Quality;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyMonthCodecTest {

  private static final JsonSchema SCHEMA = Schemas.load("energy-month.v1.json");
  private static final Instant COMPUTED = Instant.parse("2026-10-31T16:15:03.482Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The example of docs/kafka-integration.md: 12,000 kWh from the grid, nothing clean. */
  private static final EnergyMonth OCTOBER =
      new EnergyMonth(
          "demo",
          "east-precision",
          YearMonth.of(2026, 10),
          1,
          COMPUTED,
          12000,
          410.5,
          0,
          0,
          12000,
          List.of(new CarrierFigure(Carrier.ELECTRICITY, 12000, "kWh", 1.4748)),
          1.4748,
          6.3672,
          0.0,
          4.3173,
          0.2,
          false,
          48000L,
          0.25,
          new Quality(4, 124, 120, 0.9637, 410.5, List.of(), 4),
          List.of(
              new FactorUsed(
                  Carrier.ELECTRICITY,
                  FactorKind.TCE,
                  1,
                  0.1229,
                  "kgce/kWh",
                  "GB/T 2589-2020",
                  LocalDate.of(2026, 1, 1)),
              new FactorUsed(
                  Carrier.ELECTRICITY,
                  FactorKind.CO2,
                  2,
                  0.5306,
                  "kgCO2/kWh",
                  "MEE/NBS 2023 national average",
                  LocalDate.of(2026, 1, 1))));

  private final EnergyMonthCodec codec = new EnergyMonthCodec();

  @Test
  void roundTripsAMonthThatMatchesItsSchema() throws Exception {
    byte[] value = codec.encode(OCTOBER);

    assertThat(codec.decode(value)).isEqualTo(OCTOBER);
    assertThat(SCHEMA.validate(JSON.readTree(value))).isEmpty();
    assertThat(OCTOBER.kafkaKey()).isEqualTo("east-precision/2026-10");
    assertThat(EnergyMonth.source("east-precision")).isEqualTo("/platform/energy/east-precision");
  }

  @Test
  void writesEveryFieldInTheOrderTheIntegrationGuideShows() {
    assertThat(new String(codec.encode(OCTOBER), UTF_8))
        .isEqualTo(
            "{\"park\":\"demo\",\"enterprise\":\"east-precision\",\"month\":\"2026-10\","
                + "\"revision\":1,\"computedAt\":\"2026-10-31T16:15:03.482Z\","
                + "\"electricityKwh\":12000.0,\"unmonitoredKwh\":410.5,\"pvKwh\":0.0,"
                + "\"greenKwh\":0.0,\"gridKwh\":12000.0,"
                + "\"carriers\":[{\"carrier\":\"electricity\",\"quantity\":12000.0,"
                + "\"unit\":\"kWh\",\"tce\":1.4748}],"
                + "\"totalTce\":1.4748,\"tco2\":6.3672,\"cleanShare\":0.0,\"co2PerTce\":4.3173,"
                + "\"threshold\":0.2,\"meetsCore\":false,\"goodUnits\":48000,\"kwhPerGood\":0.25,"
                + "\"quality\":{\"meters\":4,\"meterDays\":124,\"monitoredMeterDays\":120,"
                + "\"completeness\":0.9637,\"unmonitoredKwh\":410.5,\"metersWithoutData\":[],"
                + "\"flags\":4},"
                + "\"factors\":[{\"carrier\":\"electricity\",\"kind\":\"tce\",\"id\":1,"
                + "\"value\":0.1229,\"unit\":\"kgce/kWh\",\"source\":\"GB/T 2589-2020\","
                + "\"validFrom\":\"2026-01-01\"},"
                + "{\"carrier\":\"electricity\",\"kind\":\"co2\",\"id\":2,\"value\":0.5306,"
                + "\"unit\":\"kgCO2/kWh\",\"source\":\"MEE/NBS 2023 national average\","
                + "\"validFrom\":\"2026-01-01\"}]}");
  }

  @Test
  void aMonthWithoutConsumptionHasNullRatiosAndStillMatchesTheSchema() throws Exception {
    EnergyMonth idle =
        new EnergyMonth(
            "demo",
            "west-idle",
            YearMonth.of(2026, 9),
            3,
            COMPUTED,
            0,
            0,
            0,
            0,
            0,
            List.of(),
            0,
            0,
            null,
            null,
            0.2,
            null,
            null,
            null,
            new Quality(2, 60, 0, 0, 0, List.of("meter-01", "meter-02"), 1),
            List.of());

    byte[] value = codec.encode(idle);

    assertThat(SCHEMA.validate(JSON.readTree(value))).isEmpty();
    assertThat(codec.decode(value)).isEqualTo(idle);
    assertThat(JSON.readTree(value).get("co2PerTce").isNull()).isTrue();
  }

  @Test
  void refusesABadMonthAndAMissingField() throws Exception {
    for (String month : List.of("2026-13", "2026-1", "+2026-10", "2026/10")) {
      ObjectNode node = (ObjectNode) JSON.readTree(codec.encode(OCTOBER));
      node.put("month", month);
      assertThatThrownBy(() -> codec.decode(JSON.writeValueAsBytes(node)))
          .as(month)
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessageContaining("YYYY-MM");
      assertThat(SCHEMA.validate(node)).as(month).isNotEmpty();
    }
    // A nullable field must still be there: a missing figure is not a zero nor a null.
    for (String field : List.of("tco2", "meetsCore", "quality")) {
      ObjectNode node = (ObjectNode) JSON.readTree(codec.encode(OCTOBER));
      node.remove(field);
      assertThatThrownBy(() -> codec.decode(JSON.writeValueAsBytes(node)))
          .as(field)
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessageContaining(field + " is required");
      assertThat(SCHEMA.validate(node)).as(field).isNotEmpty();
    }
    assertThatThrownBy(() -> codec.decode("[]".getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> codec.decode("{".getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void refusesARevisionBelowOneAndAnUnknownCarrier() throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(codec.encode(OCTOBER));
    node.put("revision", 0);
    assertThatThrownBy(() -> codec.decode(JSON.writeValueAsBytes(node)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("revision");
    assertThat(SCHEMA.validate(node)).isNotEmpty();

    ObjectNode other = (ObjectNode) JSON.readTree(codec.encode(OCTOBER));
    ((ObjectNode) other.get("carriers").get(0)).put("carrier", "diesel");
    assertThatThrownBy(() -> codec.decode(JSON.writeValueAsBytes(other)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("diesel");
    assertThat(SCHEMA.validate(other)).isNotEmpty();
  }

  @Test
  void theSchemaRefusesMeetsCoreAsText() throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(codec.encode(OCTOBER));
    assertThat(SCHEMA.validate(node)).isEmpty();
    node.put("meetsCore", "yes");

    assertThat(SCHEMA.validate(node)).isNotEmpty();
    assertThatThrownBy(() -> codec.decode(JSON.writeValueAsBytes(node)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("meetsCore");
  }
}
