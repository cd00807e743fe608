package io.parkpulse.platform.energy.reports;

import io.parkpulse.platform.energy.accounting.Carrier;
import io.parkpulse.platform.energy.accounting.Factor;
import io.parkpulse.platform.energy.accounting.FactorUse;
import io.parkpulse.platform.energy.accounting.Figures;
import io.parkpulse.platform.energy.accounting.Quality;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseFigures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkMonth;
import io.parkpulse.platform.reports.PdfReport;
import io.parkpulse.platform.reports.PdfReport.Column;
import io.parkpulse.platform.reports.ReportLanguage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A park's month of energy and carbon as a report for the authorities: the park's figures, the 零碳园区
 * core indicator against its threshold and the threshold's source, data quality at the grade of
 * energy online monitoring (能耗在线监测), the enterprises most energy first, the factors with their
 * sources and how the figures were computed. Laid out as a {@link PdfReport}.
 */
public final class EnergyPdf {

  /** Quality flags listed; the API and the CSV have them all. */
  static final int FLAGS_SHOWN = 12;

  private final ReportLanguage lang;

  private EnergyPdf(ReportLanguage lang) {
    this.lang = lang;
  }

  /**
   * The park the report is about.
   *
   * @param thresholdSource where the core threshold comes from
   * @param yearTce its consumption over its last 12 published months, which picks the threshold
   */
  public record ParkInfo(
      String id,
      String name,
      ZoneId zone,
      String province,
      String thresholdSource,
      double yearTce) {}

  /** The report of {@code month}, made at {@code at}. */
  public static PdfReport park(ParkInfo park, ParkMonth month, ReportLanguage lang, Instant at) {
    return new EnergyPdf(lang).report(park, month, at);
  }

  /** {@code lg-park-energy-2026-03-zh.pdf}. */
  public static String fileName(String park, Object month, ReportLanguage lang) {
    return park + "-energy-" + month + "-" + lang.id() + ".pdf";
  }

  private String t(String zh, String en) {
    return lang.pick(zh, en);
  }

  private PdfReport report(ParkInfo park, ParkMonth month, Instant at) {
    Figures f = month.figures();
    String when =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(at.atZone(park.zone()))
            + " ("
            + park.zone().getId()
            + ")";
    PdfReport r =
        PdfReport.titled(t("园区能源与碳排放月报", "Park energy and carbon report"))
            .subtitle(park.name() + " (" + park.id() + ") · " + month.month())
            .createdAt(at)
            .fact(t("园区", "Park"), park.name() + " (" + park.id() + ")")
            .fact(t("统计月份", "Month"), month.month().toString())
            .fact(t("企业数", "Enterprises"), String.valueOf(month.enterprises().size()))
            .fact(
                t("适用因子", "Factors applied"),
                park.province() == null
                    ? t("全国（未设置省份）", "national (no province set)")
                    : t("省级：", "provincial: ") + park.province())
            .fact(t("生成时间", "Generated at"), when)
            .footer(
                park.name() + " · " + month.month(),
                t("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"));

    r.heading(t("园区能源与碳排放", "The park's energy and carbon"));
    r.table(
        List.of(Column.left(t("指标", "Figure"), 3), Column.right(t("数值", "Value"), 2)), parkRows(f));

    r.heading(t("零碳园区核心指标：单位能耗碳排放", "Zero-carbon park core indicator"));
    r.paragraph(core(f));
    r.note(
        t("门槛来源：", "Threshold source: ")
            + park.thresholdSource()
            + t("。近 12 个已发布月份综合能耗：", ". Consumption over the last 12 published months: ")
            + tce(park.yearTce())
            + " tce.");

    r.heading(t("数据质量（能耗在线监测）", "Data quality (energy online monitoring grade)"));
    quality(r, f.quality());

    r.heading(t("企业能耗（按综合能耗从高到低）", "Enterprises, most energy first"));
    r.table(
        List.of(
            Column.right("#", 0.5f),
            Column.left(t("企业", "Enterprise"), 3),
            Column.right(t("用电 kWh", "Electricity kWh"), 1.8f),
            Column.right(t("未监测 kWh", "Unmonitored kWh"), 1.6f),
            Column.right(t("综合能耗 tce", "Energy tce"), 1.5f),
            Column.right("tCO2", 1.4f),
            Column.right(t("清洁占比", "Clean share"), 1.2f),
            Column.right("tCO2/tce", 1.2f),
            Column.right(t("完整率", "Complete"), 1.2f)),
        enterpriseRows(month.enterprises()));

    r.heading(t("折算与排放因子", "Conversion and emission factors"));
    r.table(
        List.of(
            Column.right("ID", 0.5f),
            Column.left(t("能源", "Carrier"), 1.3f),
            Column.left(t("类型", "Kind"), 1),
            Column.right(t("数值", "Value"), 1),
            Column.left(t("单位", "Unit"), 1.1f),
            Column.left(t("起用", "Valid from"), 1.2f),
            Column.left(t("来源", "Source"), 5)),
        factorRows(f));

    r.heading(t("计算方法", "How the figures are computed"));
    r.note(method());
    return r;
  }

  private List<List<String>> parkRows(Figures f) {
    boolean metered = f.quality().meterDays() > 0;
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            t("用电量", "Electricity consumed"),
            metered ? kwh(f.electricityKwh()) + " kWh" : t("无计量数据", "no metered data")));
    rows.add(
        List.of(
            t("其中未达监测要求（完整率 < 90%）", "of which not monitored (< 90% complete)"),
            metered ? kwh(f.unmonitoredKwh()) + " kWh" : "–"));
    rows.add(List.of(t("光伏发电（自用）", "PV generated (used on site)"), kwh(f.pvKwh()) + " kWh"));
    rows.add(List.of(t("绿电（申报）", "Green power (declared)"), kwh(f.greenKwh()) + " kWh"));
    rows.add(List.of(t("电网购电", "From the grid"), kwh(f.gridKwh()) + " kWh"));
    Double electricityTce = f.tce().get(Carrier.ELECTRICITY);
    if (electricityTce != null) {
      rows.add(List.of(t("电力折标", "Electricity in tce"), tce(electricityTce) + " tce"));
    }
    for (Carrier fuel : EnergyCsv.FUELS) {
      Double q = f.quantity().get(fuel);
      if (q == null) {
        continue;
      }
      Double t = f.tce().get(fuel);
      rows.add(
          List.of(
              carrier(fuel) + t("（申报）", " (declared)"),
              kwh(q)
                  + " "
                  + fuel.unit()
                  + " = "
                  + (t == null ? t("无折算因子", "no factor") : tce(t) + " tce")));
    }
    rows.add(List.of(t("综合能耗", "Total energy"), tce(f.totalTce()) + " tce"));
    rows.add(List.of(t("二氧化碳排放", "CO2 emitted"), tce(f.tco2()) + " tCO2"));
    rows.add(List.of(t("清洁能源占比", "Clean-energy share"), percent(f.cleanShare())));
    if (f.goodUnits() != null) {
      rows.add(List.of(t("合格品产量", "Good units"), kwh(f.goodUnits())));
      rows.add(
          List.of(
              t("单位合格品电耗", "Electricity per good unit"),
              f.kwhPerGood() == null ? "–" : ratio(f.kwhPerGood()) + " kWh"));
    }
    return rows;
  }

  private String core(Figures f) {
    String value = Double.isNaN(f.co2PerTce()) ? "–" : ratio(f.co2PerTce());
    String verdict =
        f.meetsCore() == null
            ? t(
                "无法判断（本月无能耗，或缺少因子）。",
                "cannot be judged (no energy this month, or a factor is missing).")
            : f.meetsCore() ? t("达标。", "met.") : t("未达标。", "not met.");
    return t(
            "单位能耗碳排放 "
                + value
                + " tCO2/tce（"
                + tce(f.tco2())
                + " tCO2 ÷ "
                + tce(f.totalTce())
                + " tce），门槛 ≤ "
                + ratio(f.threshold())
                + " tCO2/tce：",
            "CO2 per unit of energy "
                + value
                + " tCO2/tce ("
                + tce(f.tco2())
                + " tCO2 / "
                + tce(f.totalTce())
                + " tce), threshold <= "
                + ratio(f.threshold())
                + " tCO2/tce: ")
        + verdict;
  }

  private void quality(PdfReport r, Quality q) {
    r.fact(t("电表（电力、光伏）", "Meters (electricity, PV)"), String.valueOf(q.meters()))
        .fact(
            t("达标表日 / 表日", "Monitored meter-days / meter-days"),
            q.monitoredMeterDays() + " / " + q.meterDays())
        .fact(t("15 分钟数据完整率", "15-minute values received"), percent(q.completeness()))
        .fact(t("未达监测要求的用电", "Electricity not monitored"), kwh(q.unmonitoredKwh()) + " kWh")
        .fact(
            t("本月无数据的电表", "Meters without data this month"),
            q.metersWithoutData().isEmpty()
                ? t("无", "none")
                : String.join(t("、", ", "), q.metersWithoutData()));
    r.note(
        t(
            "能耗在线监测要求：15 分钟数据完整率不低于 90%，日累计电量与 15 分钟数据之差不超过 5%。"
                + "未达要求的表日电量照常计入（以电表读数为准），并单列为未监测电量；无数据的表日不计为零，"
                + "其电量计入数据恢复当日。",
            "Energy online monitoring asks for at least 90% of 15-minute values and day totals"
                + " within 5% of them. A meter-day short of that still counts (the register is the"
                + " legal reading) and its kWh are listed as not monitored; a day without data is"
                + " never taken as zero: the register carries it to the day readings return."));
    if (!q.flags().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (Quality.Flag flag : q.flags().subList(0, Math.min(FLAGS_SHOWN, q.flags().size()))) {
        rows.add(
            List.of(
                flag.device() == null ? "–" : flag.device() + "/" + flag.point(),
                flag.day() == null ? "" : flag.day().toString(),
                flag.reason()));
      }
      r.table(
          List.of(
              Column.left(t("电表", "Meter"), 2),
              Column.left(t("日期", "Day"), 1.2f),
              Column.left(t("提示（原文）", "Flag"), 6)),
          rows);
      if (q.flags().size() > FLAGS_SHOWN) {
        r.note(
            t(
                "其余 " + (q.flags().size() - FLAGS_SHOWN) + " 条提示见 API 与 CSV。",
                (q.flags().size() - FLAGS_SHOWN) + " more flags through the API."));
      }
    }
  }

  private List<List<String>> enterpriseRows(List<EnterpriseFigures> enterprises) {
    List<List<String>> rows = new ArrayList<>();
    int rank = 0;
    for (EnterpriseFigures e : enterprises) {
      Figures f = e.figures();
      boolean metered = f.quality().meterDays() > 0;
      rows.add(
          List.of(
              String.valueOf(++rank),
              e.name(),
              metered ? kwh(f.electricityKwh()) : t("无数据", "no data"),
              metered ? kwh(f.unmonitoredKwh()) : "–",
              tce(f.totalTce()),
              tce(f.tco2()),
              percent(f.cleanShare()),
              Double.isNaN(f.co2PerTce()) ? "–" : ratio(f.co2PerTce()),
              metered ? percent(f.quality().completeness()) : "–"));
    }
    return rows;
  }

  private List<List<String>> factorRows(Figures f) {
    List<List<String>> rows = new ArrayList<>();
    for (FactorUse u : EnergyCsv.used(f)) {
      rows.add(
          List.of(
              String.valueOf(u.factorId()),
              carrier(u.carrier()),
              u.kind() == Factor.Kind.TCE ? t("折标", "to tce") : t("排放", "CO2"),
              plain(u.value()),
              u.unit(),
              u.validFrom().toString(),
              u.source()));
    }
    if (rows.isEmpty()) {
      rows.add(List.of("", t("本月未使用因子", "no factor used this month"), "", "", "", "", ""));
    }
    return rows;
  }

  private String method() {
    return t(
        "本报告数据由平台根据电表遥测（有功电能、光伏发电电能寄存器读数，按园区时区逐日计量）与企业每月申报（绿电、天然气、蒸汽、煤）计算。"
            + "用电量取电表寄存器读数之差；电网电量 = 用电量 − 光伏发电，绿电以电网电量为上限；"
            + "综合能耗按 GB/T 2589-2020 折标（电力按当量值）；二氧化碳排放 = 电网电量减绿电后乘电网排放因子，加各申报能源量乘其排放因子；"
            + "清洁能源占比 =（光伏自用 + 绿电）折标量 ÷ 综合能耗；单位能耗碳排放 = 二氧化碳排放 ÷ 综合能耗。"
            + "未达在线监测要求的电量单列为“未监测”，不以零代替；缺少因子的能源不计入合计并在数据质量中提示，此时不判断是否达标。"
            + "园区数据为各企业之和。",
        "The platform computes these figures from metered telemetry (the registers of active"
            + " energy and PV generation, measured day by day in the park's time zone) and the"
            + " enterprises' monthly declarations (green power, natural gas, steam, coal)."
            + " Electricity is the rise of the meters' registers; grid = electricity − PV, and"
            + " green power counts up to the grid electricity. Energy is converted to tce as GB/T"
            + " 2589-2020 does (electricity at its calorific equivalent); CO2 is (grid − green) ×"
            + " the grid factor plus each declared quantity × its factor. Clean share = (PV used"
            + " + green) in tce ÷ total tce; CO2 per unit of energy = tCO2 ÷ tce. Consumption"
            + " that was not monitored to the 90% grade is shown as unmonitored, never as zero; a"
            + " carrier without a factor is left out of the totals and flagged, and the core"
            + " indicator is then not judged. The park's figures are the sum of its"
            + " enterprises'.");
  }

  private String carrier(Carrier c) {
    return switch (c) {
      case ELECTRICITY -> t("电力", "electricity");
      case PV -> t("光伏", "PV");
      case GREEN_POWER -> t("绿电", "green power");
      case NATURAL_GAS -> t("天然气", "natural gas");
      case STEAM -> t("蒸汽", "steam");
      case COAL -> t("煤", "coal");
    };
  }

  /** kWh and other quantities: grouped, one decimal. */
  static String kwh(double value) {
    return String.format(Locale.ROOT, "%,.1f", value);
  }

  /** tce and tCO2: four decimals, as small parks' figures need. */
  static String tce(double value) {
    return String.format(Locale.ROOT, "%,.4f", value);
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
