package io.parkpulse.platform.maturity.miit;

import java.util.List;
import java.util.Optional;

/**
 * The parts of the MIIT SME 2024 evaluation an enterprise declares itself: the 16 business
 * scenarios (rated 1 to 4) and the base items ParkPulse cannot always evidence from data (网络建设,
 * 信息系统, 管理机制, 资金保障, the 20 points of 成效, ...). Of these, 绿色低碳 ({@code green}) and 产品质量 ({@code
 * product-quality}) are rated from energy and quality data when the platform has enough of it
 * ({@link MiitOutcomes}), which then replaces the declaration. The other base items (设备联网, 数据采集,
 * 信息安全, 规划实施, 人才建设) come from indicators and questionnaire answers only.
 *
 * <p>Which scenarios are mandatory (约束性) is not an item's property but {@link MiitRule}'s, read
 * from configuration: the sources disagree on it.
 */
public final class MiitItems {

  private MiitItems() {}

  /** Whether an item is a business scenario (rated 1–4) or part of the 100-point base. */
  public enum Kind {
    SCENARIO,
    BASE
  }

  /**
   * An item an enterprise may declare.
   *
   * @param id the API's id, e.g. {@code energy}
   * @param name the item's name in the evaluation, e.g. {@code 能耗管理}
   * @param english its English name
   * @param kind scenario or base item
   * @param max 4 for a scenario, the item's full points for a base item
   */
  public record Item(String id, String name, String english, Kind kind, double max) {}

  public static final List<Item> ITEMS =
      List.of(
          scenario("product-design", "产品设计", "Product design"),
          scenario("process-design", "工艺设计", "Process design"),
          scenario("marketing", "营销管理", "Marketing"),
          scenario("after-sales", "售后服务", "After-sales service"),
          scenario("planning", "计划排程", "Planning and scheduling"),
          scenario("production-control", "生产管控", "Production control"),
          scenario("quality", "质量管理", "Quality management"),
          scenario("equipment", "设备管理", "Equipment management"),
          scenario("safety", "安全生产", "Safe production"),
          scenario("energy", "能耗管理", "Energy management"),
          scenario("purchasing", "采购管理", "Purchasing"),
          scenario("warehousing", "仓储物流", "Warehousing and logistics"),
          scenario("finance", "财务管理", "Finance"),
          scenario("hr", "人力资源", "Human resources"),
          scenario("collaboration", "协同办公", "Office collaboration"),
          scenario("decision-support", "决策支持", "Decision support"),
          base("network", "网络建设", "Network infrastructure", 8),
          base("equipment-digitisation", "设备数字化", "Equipment digitisation", 6),
          base("information-systems", "信息系统", "Information systems", 10),
          base("management-mechanism", "管理机制", "Management mechanisms", 7.5),
          base("funding", "资金保障", "Funding", 7.5),
          base("green", "绿色低碳", "Green and low-carbon", 7),
          base("product-quality", "产品质量", "Product quality", 7),
          base("market", "市场表现", "Market performance", 3),
          base("value", "价值效益", "Value and returns", 3));

  /** The item with {@code id}. */
  public static Optional<Item> item(String id) {
    return ITEMS.stream().filter(i -> i.id().equals(id)).findFirst();
  }

  /** The scenario named {@code name} (e.g. {@code 设备管理}). */
  public static Item scenarioNamed(String name) {
    return ITEMS.stream()
        .filter(i -> i.kind() == Kind.SCENARIO && i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario " + name));
  }

  private static Item scenario(String id, String name, String english) {
    return new Item(id, name, english, Kind.SCENARIO, 4);
  }

  private static Item base(String id, String name, String english, double points) {
    return new Item(id, name, english, Kind.BASE, points);
  }
}
