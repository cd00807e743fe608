package io.parkpulse.platform.policy;

import java.util.List;
import java.util.Optional;

/**
 * The 高标准数字园区 KPIs a park assesses itself against (MIIT, 《高标准数字园区建设指南》, Nov 2025, as reposted; see
 * docs/energy.md, "The park policy sheet"). Those the platform's data can show are computed from
 * its enterprises; the others are declared by the park's operator with evidence, which a platform
 * admin verifies, as enterprises' answers are verified by their park's operator.
 */
public final class PolicyKpis {

  private PolicyKpis() {}

  /** Whether the platform computes a KPI or the operator declares it. */
  public enum Basis {
    DATA,
    DECLARED
  }

  /**
   * A KPI.
   *
   * @param id the API's id
   * @param zh its name in Chinese
   * @param en its name in English
   * @param basis computed or declared
   * @param unit {@code share} (0 to 1) or {@code yes-no} (1 or 0)
   * @param target the value aimed at, or null where no figure is published
   * @param source where the KPI and its target come from
   */
  public record Kpi(
      String id, String zh, String en, Basis basis, String unit, Double target, String source) {}

  private static final String GUIDE = "《高标准数字园区建设指南》 (MIIT, 2025-11), as reposted";

  public static final List<Kpi> ALL =
      List.of(
          new Kpi(
              "networked",
              "设备联网企业占比",
              "Enterprises with networked equipment",
              Basis.DATA,
              "share",
              null,
              GUIDE
                  + ": industry digitalisation; the share is ParkPulse's measure (a device that"
                  + " reported in the last 30 days)"),
          new Kpi(
              "maturity-l2",
              "数字化水平二级及以上企业占比",
              "Enterprises at maturity level 2 or above",
              Basis.DATA,
              "share",
              null,
              "工信部联企业〔2024〕239号 and 财办建〔2025〕20号: pilot enterprises must reach 二级; no park"
                  + " share is published (miit-2024.md)"),
          new Kpi(
              "energy-monitored",
              "能耗在线监测企业占比",
              "Enterprises with energy monitored online",
              Basis.DATA,
              "share",
              null,
              GUIDE
                  + ": 绿色低碳; monitored = at least 90% of 15-minute values on every meter last"
                  + " month (发改环资〔2017〕1711号 terminal spec)"),
          new Kpi(
              "digital-retrofit",
              "规上企业数字化改造覆盖率",
              "Enterprises under digital retrofit",
              Basis.DATA,
              "share",
              1.0,
              GUIDE
                  + ": digital retrofit of 规上 enterprises 100%; counted from a verified"
                  + " digital-plan answer (部分满足 or better)"),
          new Kpi(
              "dual-gigabit",
              "双千兆网络覆盖率",
              "Dual-gigabit network coverage",
              Basis.DECLARED,
              "share",
              1.0,
              GUIDE + ": infrastructure, dual gigabit 100%"),
          new Kpi(
              "industrial-internet",
              "重点行业工业互联网平台覆盖率",
              "Industries served by an industrial internet platform",
              Basis.DECLARED,
              "share",
              1.0,
              GUIDE + ": industrial internet in every industry of the park"),
          new Kpi(
              "digital-services",
              "数字化服务覆盖规上企业比例",
              "规上 enterprises reached by digital services",
              Basis.DECLARED,
              "share",
              1.0,
              GUIDE + ": digital services reaching 100% of 规上 enterprises"),
          new Kpi(
              "data-platform",
              "园区统一数据平台",
              "A unified park data platform",
              Basis.DECLARED,
              "yes-no",
              1.0,
              GUIDE + ": a unified park data platform with a trusted data space"),
          new Kpi(
              "safety-emergency",
              "安全应急监测",
              "Safety and emergency monitoring",
              Basis.DECLARED,
              "yes-no",
              1.0,
              GUIDE + ": operations, 安全应急"));

  public static Optional<Kpi> of(String id) {
    return ALL.stream().filter(k -> k.id().equals(id)).findFirst();
  }
}
