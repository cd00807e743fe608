package io.parkpulse.platform.maturity.miit;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which business scenarios of the MIIT 2024 evaluation are mandatory (约束性), the one part of the
 * level rule the sources disagree on: the captured platform data and a consultant's tool (S3, S4 of
 * the research note miit-2024.md) mark ten, another project's notes (S5) nine, leaving out 仓储物流. So
 * the set is configuration ({@code parkpulse.platform.maturity.miit-mandatory-scenarios}), with the
 * ten as default.
 *
 * @param mandatory the ids of the mandatory scenarios, e.g. {@code product-design}
 */
public record MiitRule(Set<String> mandatory) {

  /** The ten 约束性 scenarios of S3 and S4, as the configuration's default lists them. */
  public static final List<String> DEFAULT_MANDATORY =
      List.of(
          "product-design",
          "marketing",
          "production-control",
          "quality",
          "equipment",
          "safety",
          "energy",
          "purchasing",
          "warehousing",
          "finance");

  /**
   * Refuses an id that is no scenario, naming every such id: a typo would silently lower levels.
   */
  public MiitRule {
    List<String> unknown =
        mandatory.stream()
            .filter(
                id -> MiitItems.item(id).map(i -> i.kind() != MiitItems.Kind.SCENARIO).orElse(true))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "parkpulse.platform.maturity.miit-mandatory-scenarios: "
              + String.join(", ", unknown)
              + (unknown.size() == 1 ? " is no MIIT scenario id" : " are no MIIT scenario ids")
              + "; the scenarios are "
              + String.join(
                  ", ",
                  MiitItems.ITEMS.stream()
                      .filter(i -> i.kind() == MiitItems.Kind.SCENARIO)
                      .map(MiitItems.Item::id)
                      .toList()));
    }
    mandatory = Set.copyOf(mandatory);
  }

  /** The rule with the mandatory scenarios {@code ids}. */
  public static MiitRule of(Collection<String> ids) {
    return new MiitRule(Set.copyOf(ids));
  }

  /** The ten mandatory scenarios of S3 and S4. */
  public static MiitRule defaults() {
    return of(DEFAULT_MANDATORY);
  }

  /** Whether the item {@code id} is a mandatory scenario. */
  public boolean isMandatory(String id) {
    return mandatory.contains(id);
  }
}
