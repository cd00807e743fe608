package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.miit.MiitEstimate.Shortfall;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.maturity.scoring.Assessment.RequirementScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An enterprise's maturity as its page shows it: the latest assessment, its scores per domain and
 * the history before it.
 *
 * @param latest the latest assessment, null before the first
 * @param domains the weighted mean requirement score per domain, over what applies, in catalog
 *     order
 * @param history assessments oldest first
 */
public record EnterpriseDetail(
    Stored latest, List<DomainScore> domains, List<HistoryPoint> history) {

  /** A domain's score, 0 to 1. */
  public record DomainScore(String domain, double score) {}

  /** An assessment in the history chart. */
  public record HistoryPoint(Instant at, double total, int level) {}

  /** From the enterprise's assessments, newest first as the assessor returns them. */
  static EnterpriseDetail of(List<Stored> newestFirst) {
    if (newestFirst.isEmpty()) {
      return new EnterpriseDetail(null, List.of(), List.of());
    }
    Stored latest = newestFirst.get(0);
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (RequirementScore r : latest.assessment().requirements()) {
      if (r.applies()) {
        double[] s = sums.computeIfAbsent(r.domain(), d -> new double[2]);
        s[0] += r.weight() * r.score();
        s[1] += r.weight();
      }
    }
    List<DomainScore> domains = new ArrayList<>();
    sums.forEach((d, s) -> domains.add(new DomainScore(d, s[1] == 0 ? 0 : s[0] / s[1])));
    List<HistoryPoint> history = new ArrayList<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      Stored s = newestFirst.get(i);
      history.add(new HistoryPoint(s.at(), s.assessment().total(), s.assessment().level()));
    }
    return new EnterpriseDetail(latest, domains, history);
  }

  /**
   * A requirement's line in the evidence table.
   *
   * @param value the indicator's value, null without one
   * @param flags what limited or decided the score, comma-separated
   */
  public record RequirementLine(
      String id,
      int level,
      String domain,
      String evidence,
      double weight,
      double score,
      boolean applies,
      Double value,
      Double target,
      String rule,
      String window,
      String source,
      String flags) {}

  /** The requirements of the latest assessment, by level then id. */
  public List<RequirementLine> requirements() {
    if (latest == null) {
      return List.of();
    }
    return latest.assessment().requirements().stream()
        .map(
            r ->
                new RequirementLine(
                    r.id(),
                    r.level(),
                    r.domain(),
                    r.evidence().name().toLowerCase(Locale.ROOT),
                    r.weight(),
                    r.score(),
                    r.applies(),
                    r.value().orElse(null),
                    r.target().orElse(null),
                    r.rule(),
                    r.window(),
                    r.source(),
                    String.join(", ", r.flags().stream().map(Enum::name).toList())))
        .toList();
  }

  /** The way to the next level, null at the top or before the first assessment. */
  public Assessment.Gap gap() {
    return latest == null ? null : latest.assessment().gap().orElse(null);
  }

  public boolean assessed() {
    return latest != null;
  }

  public Assessment assessment() {
    return latest == null ? null : latest.assessment();
  }

  /**
   * What the evidence lacks for the next MIIT level, in the page's language; empty at level 4 or
   * before the first assessment. Worded here from the estimate's figures: the API's {@code
   * nextLevel} sentences are English.
   */
  public List<String> miitNextLevel(Page p) {
    if (latest == null || latest.assessment().miit() == null) {
      return List.of();
    }
    MiitEstimate miit = latest.assessment().miit();
    if (miit.level() >= 4) {
      return List.of();
    }
    return MiitEstimate.shortfalls(miit.evidencedBasePoints(), miit.scenarios(), miit.level() + 1)
        .stream()
        .map(
            s ->
                p.t(
                    messageKey(s.kind()),
                    s.needed(),
                    s.level(),
                    s.kind() == Shortfall.Kind.BASE
                        ? p.num(s.evidenced(), 1)
                        : p.count(s.evidenced())))
        .toList();
  }

  /**
   * The message wording a shortfall of this kind, e.g. {@code miit.missing.mandatory-scenarios}.
   */
  static String messageKey(Shortfall.Kind kind) {
    return "miit.missing." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The radar chart's data: domain names in the page's language and their scores. */
  public String radarJson(Page p) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (DomainScore d : domains) {
      points.add(Map.of("name", p.t("domain." + d.domain()), "value", round(d.score())));
    }
    return Json.write(points);
  }

  /** The history chart's data: times in the page's zone and S. */
  public String historyJson(Page p) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (HistoryPoint h : history) {
      points.add(Map.of("at", p.time(h.at()), "total", round(h.total()), "level", h.level()));
    }
    return Json.write(points);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
