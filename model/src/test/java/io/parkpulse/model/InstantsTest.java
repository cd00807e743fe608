package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantsTest {

  @Test
  void agreesWithInstantParseOnRandomInstantsAndFractionLengths() {
    Random random = new Random(42);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              min + (long) (random.nextDouble() * (max - min)), random.nextInt(1_000_000_000));
      String text = instant.toString();
      // Every length of fraction from none to nine digits.
      String base = text.substring(0, 19);
      String nanos = String.format("%09d", instant.getNano());
      int digits = random.nextInt(10);
      String variant = base + (digits == 0 ? "" : "." + nanos.substring(0, digits)) + "Z";
      assertThat(Instants.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
      assertThat(Instants.parseUtc(variant)).as(variant).isEqualTo(Instant.parse(variant));
    }
  }

  @Test
  void everyDayOfFourHundredYearsIsCountedAsTheCalendarDoes() {
    Instant day = Instant.parse("1900-01-01T00:00:00Z");
    for (int i = 0; i < 146_097; i++) {
      String text = day.toString();
      assertThat(Instants.parseUtc(text)).as(text).isEqualTo(day);
      day = day.plusSeconds(86_400);
    }
  }

  @Test
  void leavesOtherFormsToInstantParse() {
    assertThat(Instants.parseUtc("2026-11-29T11:00:00+08:00")).isNull();
    assertThat(Instants.parse("2026-11-29T11:00:00+08:00"))
        .isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
    for (String odd :
        new String[] {"2026-12-31T23:59:60Z", "2026-11-29T24:00:00Z", "2026-11-29T03:00:00.Z"}) {
      assertThat(Instants.parseUtc(odd)).as(odd).isNull();
      assertThat(Instants.parse(odd)).as(odd).isEqualTo(Instant.parse(odd));
    }
  }

  @Test
  void refusesWhatInstantParseRefuses() {
    for (String bad :
        new String[] {
          "2026-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-04-31T00:00:00Z",
          "2026-11-29T03:00:00.1234567890Z",
          "2026-11-29 03:00:00Z",
          "2026-11-29T03:00:00",
          "2026-1a-29T03:00:00Z",
          "yesterday"
        }) {
      assertThat(Instants.parseUtc(bad)).as(bad).isNull();
      assertThatThrownBy(() -> Instants.parse(bad))
          .as(bad)
          .isInstanceOf(DateTimeParseException.class);
    }
  }
}
