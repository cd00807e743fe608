package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

  private static final List<String> SAMPLES =
      List.of(
          "",
          "a",
          "ab",
          "a-",
          "-a",
          "a-b",
          "A1",
          "park-01",
          "x".repeat(63),
          "x".repeat(64),
          "with space",
          "dot.ted",
          "under_score",
          "colon:ed",
          "ümlaut",
          "0x",
          "9-9-9",
          "a\n");

  @Test
  void slugCheckAgreesWithTheDocumentedPattern() {
    for (String id : SAMPLES) {
      assertThat(Ids.isValid(id)).as("'%s'", id).isEqualTo(Ids.SLUG.matcher(id).matches());
    }
    assertThat(Ids.isValid(null)).isFalse();
  }

  @Test
  void metricNameCheckAgreesWithTheDocumentedPattern() {
    for (String name : SAMPLES) {
      assertThat(TelemetryCodec.isMetricName(name))
          .as("'%s'", name)
          .isEqualTo(TelemetryCodec.METRIC_NAME.matcher(name).matches());
    }
  }
}
