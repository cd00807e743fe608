package io.parkpulse.platform.maturity.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

  private final CatalogLoader loader = new CatalogLoader();

  @Test
  void loadsTheBundledCatalogs() {
    Catalog test = loader.bundled("test-v0");
    assertThat(test.requirements()).hasSize(13);
    assertThat(test.maxLevel()).isEqualTo(3);
    Catalog defaults = loader.bundled("default-v1");
    assertThat(defaults.maxLevel()).isEqualTo(5);
    assertThat(defaults.requirements())
        .allSatisfy(r -> assertThat(r.recommendation()).containsKeys("zh", "en"));
  }

  @Test
  void refusesABrokenCatalogListingEveryProblem() {
    String json =
        """
        {"version": "broken",
         "questions": [],
         "requirements": [
           {"id": "R1", "level": 1, "domain": "厨房", "evidence": "telemetry", "indicator": "O99",
            "target": {"atLeast": 0.9}, "weight": 0.6, "recommendation": {"zh": "x"}},
           {"id": "R1", "level": 3, "domain": "数据", "evidence": "questionnaire", "question": "nope",
            "weight": 0, "recommendation": {"zh": "x", "en": "x"}}]}
        """;
    assertThatThrownBy(
            () ->
                loader.load(
                    "broken", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(CatalogLoader.InvalidCatalogException.class)
        .satisfies(
            e ->
                assertThat(((CatalogLoader.InvalidCatalogException) e).problems())
                    .anyMatch(p -> p.contains("domain '厨房'"))
                    .anyMatch(p -> p.contains("indicator 'O99'"))
                    .anyMatch(p -> p.contains("recommendation.en is missing"))
                    .anyMatch(p -> p.contains("R1 appears twice"))
                    .anyMatch(p -> p.contains("question 'nope'"))
                    .anyMatch(p -> p.contains("weight must be above 0"))
                    .anyMatch(p -> p.contains("weights of level 1 add up to 0.600"))
                    .anyMatch(p -> p.contains("level 2 has no requirements")));
  }
}
