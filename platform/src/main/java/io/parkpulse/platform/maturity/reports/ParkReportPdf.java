package io.parkpulse.platform.maturity.reports;

import io.parkpulse.platform.maturity.reports.ParkReport.CommonGap;
import io.parkpulse.platform.maturity.reports.ParkReport.Language;
import io.parkpulse.platform.maturity.reports.ParkReport.LevelCount;
import io.parkpulse.platform.maturity.reports.ParkReport.Ranked;
import io.parkpulse.platform.maturity.reports.ParkReport.Unassessed;
import io.parkpulse.platform.reports.PdfFonts;
import io.parkpulse.platform.reports.PdfText;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.jboss.logging.Logger;

/**
 * A park report as a PDF the operator can hand over: title block, summary with the distribution as
 * a bar chart, the ranking (over as many pages as it takes), the most common gaps with what to do,
 * and how the levels are computed. Chinese needs a CJK font: the first of the configured fonts that
 * has Chinese glyphs is embedded as a subset. Without one the report is still made, with a standard
 * font and every character it cannot show replaced, and a warning says how to fix it.
 */
public final class ParkReportPdf {

  private static final Logger LOG = Logger.getLogger(ParkReportPdf.class);

  /** Gaps listed in the report; the JSON and CSV have them all. */
  static final int COMMON_GAPS_SHOWN = 10;

  private static final float MARGIN = PdfText.MARGIN;
  private static final float WIDTH = PdfText.WIDTH;
  private static final float BOTTOM = PdfText.BOTTOM;

  private final PdfFonts fonts;

  /** With {@code fonts} tried in order; the first with Chinese glyphs is used. */
  public ParkReportPdf(List<Path> fonts) {
    this.fonts = new PdfFonts(fonts);
  }

  /** The PDF of {@code report} in {@code language}. */
  public byte[] render(ParkReport report, Language language) throws IOException {
    List<Closeable> open = new ArrayList<>();
    try (PDDocument doc = new PDDocument()) {
      PDFont font = fonts.load(doc, open);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(
          language.pick("园区数字化转型成熟度报告", "Park digital-transformation maturity report")
              + " — "
              + report.parkName());
      info.setCreator("ParkPulse");
      info.setCreationDate(GregorianCalendar.from(report.generatedAt().atZone(ZoneOffset.UTC)));
      new Writer(doc, font, report, language).write();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } finally {
      for (Closeable c : open) {
        try {
          c.close();
        } catch (IOException e) {
          LOG.debugf("closing a font: %s", e);
        }
      }
    }
  }

  /** The file name to offer: {@code north-park-maturity-2026-11-29-zh.pdf}. */
  public static String fileName(ParkReport report, Language language) {
    return report.park()
        + "-maturity-"
        + ParkReportCsv.day(report.asOf())
        + "-"
        + language.name().toLowerCase(Locale.ROOT)
        + ".pdf";
  }

  /** The path of the font a report would embed now, if any has Chinese glyphs. */
  public Optional<Path> cjkFontPath() {
    return fonts.cjkFontPath();
  }

  /** Lays out one report on as many pages as it takes. */
  private static final class Writer {
    private final PdfText pdf;
    private final ParkReport report;
    private final Language lang;
    private final ZoneId zone;

    Writer(PDDocument doc, PDFont font, ParkReport report, Language lang) {
      this.pdf = new PdfText(doc, font);
      this.report = report;
      this.lang = lang;
      ZoneId z;
      try {
        z = ZoneId.of(report.timezone());
      } catch (DateTimeException | NullPointerException e) {
        z = ZoneOffset.UTC;
      }
      this.zone = z;
    }

    void write() throws IOException {
      pdf.newPage();
      titleBlock();
      summary();
      ranking();
      notAssessed();
      commonGaps();
      method();
      pdf.finish();
      String left = report.parkName() + " · " + time(report.asOf());
      pdf.footer(
          (page, pages) -> left,
          (page, pages) -> t("第 " + page + " 页，共 " + pages + " 页", "Page " + page + " of " + pages),
          7.5f);
    }

    private String t(String zh, String en) {
      return lang.pick(zh, en);
    }

    private String time(Instant instant) {
      return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(instant.atZone(zone))
          + " ("
          + zone.getId()
          + ")";
    }

    private void titleBlock() throws IOException {
      pdf.text(
          MARGIN, pdf.y - 20, 20, t("园区数字化转型成熟度报告", "Park digital-transformation maturity report"));
      pdf.y -= 34;
      pdf.text(MARGIN, pdf.y - 14, 14, report.parkName() + " (" + report.park() + ")");
      pdf.y -= 26;
      String versions =
          report.assessedCatalogVersions().isEmpty()
                  || report.assessedCatalogVersions().equals(List.of(report.catalogVersion()))
              ? report.catalogVersion()
              : report.catalogVersion()
                  + t("（评估所用：", " (assessments scored against: ")
                  + String.join(", ", report.assessedCatalogVersions())
                  + t("）", ")");
      String[][] rows = {
        {t("截至", "As of"), time(report.asOf())},
        {t("目录版本", "Catalog version"), versions},
        {t("生成时间", "Generated at"), time(report.generatedAt())},
        {t("趋势对比基准", "Trends compared with"), time(report.trendFrom())},
        {
          t("依据", "Reference"),
          t(
              "GB/T 39116-2020 智能制造能力成熟度模型",
              "GB/T 39116-2020 (intelligent manufacturing capability maturity model)")
        }
      };
      for (String[] row : rows) {
        pdf.text(MARGIN, pdf.y - 10, 10, row[0]);
        for (String line : pdf.wrap(row[1], 10, WIDTH - 110)) {
          pdf.text(MARGIN + 110, pdf.y - 10, 10, line);
          pdf.y -= 15;
        }
      }
      pdf.y -= 10;
      pdf.rule();
    }

    private void summary() throws IOException {
      pdf.heading(t("概览", "Summary"));
      pdf.paragraph(
          t(
              String.format(
                  Locale.ROOT,
                  "园区企业 %d 家，已评估 %d 家，未评估 %d 家。",
                  report.enterprises(),
                  report.assessed(),
                  report.notAssessed().size()),
              String.format(
                  Locale.ROOT,
                  "%d enterprises in the park: %d assessed, %d never assessed.",
                  report.enterprises(),
                  report.assessed(),
                  report.notAssessed().size())),
          10);
      pdf.paragraph(
          t(
              String.format(
                  Locale.ROOT,
                  "二级（规范级）及以上：%d 家，占已评估企业的 %s。",
                  report.atLeastLevel2(),
                  percent(report.shareAtLeastLevel2())),
              String.format(
                  Locale.ROOT,
                  "At level 2 (standardised) or above: %d, %s of the assessed enterprises.",
                  report.atLeastLevel2(),
                  percent(report.shareAtLeastLevel2()))),
          11);
      pdf.paragraph(
          t(
              String.format(
                  Locale.ROOT,
                  "工信部中小企业数字化水平（估计）二级及以上：%d 家；%s。",
                  report.miitAtLeastLevel2(),
                  miitCounts()),
              String.format(
                  Locale.ROOT,
                  "MIIT SME digital level (estimate) 2 or above: %d; %s.",
                  report.miitAtLeastLevel2(),
                  miitCounts())),
          10);
      pdf.y -= 6;
      barChart();
      // The same numbers as a table: readable when printed in black and white, and by machines.
      float[] widths = {60, 120, 80, 80};
      pdf.tableRow(
          new String[] {
            t("等级", "Level"), t("名称", "Name"), t("企业数", "Enterprises"), t("占比", "Share")
          },
          widths,
          9,
          true);
      for (LevelCount c : report.distribution()) {
        pdf.tableRow(
            new String[] {
              "L" + c.level(),
              lang.pick(c.zh(), c.en()),
              String.valueOf(c.count()),
              report.assessed() == 0 ? "-" : percent((double) c.count() / report.assessed())
            },
            widths,
            9,
            false);
      }
      pdf.y -= 10;
    }

    /** The MIIT distribution in one line, e.g. {@code 未达一级 3 · 一级 1 · 二级 1 · 三级 0 · 四级 0}. */
    private String miitCounts() {
      return report.miitDistribution().stream()
          .map(c -> lang.pick(c.zh(), c.en()) + " " + c.count())
          .collect(Collectors.joining(" · "));
    }

    private void barChart() throws IOException {
      float chartHeight = 120;
      float labelSpace = 28;
      pdf.ensure(chartHeight + labelSpace + 20);
      int max = report.distribution().stream().mapToInt(LevelCount::count).max().orElse(0);
      float base = pdf.y - chartHeight - 12;
      float slot = WIDTH / report.distribution().size();
      float bar = slot * 0.55f;
      pdf.out().setStrokingColor(0.6f, 0.6f, 0.6f);
      pdf.out().setLineWidth(0.5f);
      pdf.out().moveTo(MARGIN, base);
      pdf.out().lineTo(MARGIN + WIDTH, base);
      pdf.out().stroke();
      for (int i = 0; i < report.distribution().size(); i++) {
        LevelCount c = report.distribution().get(i);
        float x = MARGIN + i * slot + (slot - bar) / 2;
        float h = max == 0 ? 0 : chartHeight * c.count() / max;
        if (c.level() >= 2) {
          pdf.out().setNonStrokingColor(0.16f, 0.45f, 0.70f);
        } else {
          pdf.out().setNonStrokingColor(0.62f, 0.72f, 0.82f);
        }
        if (h > 0) {
          pdf.out().addRect(x, base, bar, h);
          pdf.out().fill();
        }
        pdf.out().setNonStrokingColor(0f, 0f, 0f);
        String count = String.valueOf(c.count());
        pdf.text(x + (bar - pdf.width(count, 9)) / 2, base + h + 3, 9, count);
        String label = "L" + c.level();
        pdf.text(x + (bar - pdf.width(label, 8)) / 2, base - 11, 8, label);
        String name = lang.pick(c.zh(), c.en());
        pdf.text(x + (bar - pdf.width(name, 7)) / 2, base - 21, 7, name);
      }
      pdf.y = base - labelSpace - 6;
    }

    private void ranking() throws IOException {
      pdf.heading(t("排名", "Ranking"));
      if (report.ranking().isEmpty()) {
        pdf.paragraph(t("尚无评估。", "No assessment yet."), 10);
        return;
      }
      pdf.paragraph(
          t(
              "按总分 S 排序；ΔS 与等级变化对比各企业在趋势基准时间前最近一次评估（无则为首次评估）；"
                  + "MIIT 为设备联网得分（满分 6）；主要差距为对升级贡献最大的要求。",
              "By total S; ΔS and the level change compare with each enterprise's latest"
                  + " assessment before the trend date (or its first); MIIT is the equipment"
                  + " networking points (of 6); the main gap is the requirement that adds most"
                  + " towards the next level."),
          8);
      float[] widths = {26, 165, 70, 36, 40, 40, 40, 82};
      String[] header = {
        "#",
        t("企业", "Enterprise"),
        t("等级", "Level"),
        "S",
        "ΔS",
        t("等级变化", "Level Δ"),
        "MIIT",
        t("主要差距", "Main gap")
      };
      pdf.tableRow(header, widths, 8.5f, true);
      for (Ranked r : report.ranking()) {
        if (pdf.y - 14 < BOTTOM) {
          pdf.newPage();
          pdf.tableRow(header, widths, 8.5f, true);
        }
        pdf.tableRow(
            new String[] {
              String.valueOf(r.rank()),
              r.name(),
              "L" + r.level() + " " + ParkReport.levelName(r.level(), lang),
              ParkReportCsv.number(r.total()),
              r.trend().map(tr -> signed(tr.deltaTotal())).orElse("-"),
              r.trend().map(tr -> signedInt(tr.deltaLevel())).orElse("-"),
              r.miit() == null ? "-" : ParkReportCsv.number(r.miit().equipmentNetworkingPoints()),
              r.mainGap()
                  .map(g -> g.requirement() + " +" + ParkReportCsv.number(g.gain()))
                  .orElse("-")
            },
            widths,
            8.5f,
            false);
      }
      pdf.y -= 10;
    }

    private void notAssessed() throws IOException {
      if (report.notAssessed().isEmpty()) {
        return;
      }
      pdf.heading(t("未评估企业", "Enterprises never assessed"));
      pdf.paragraph(
          report.notAssessed().stream()
              .map(Unassessed::name)
              .collect(Collectors.joining(t("、", ", "))),
          9);
      pdf.y -= 6;
    }

    private void commonGaps() throws IOException {
      pdf.heading(t("最常见的差距", "Most common gaps"));
      if (report.commonGaps().isEmpty()) {
        pdf.paragraph(t("无。", "None."), 10);
        return;
      }
      List<CommonGap> gaps =
          report.commonGaps().subList(0, Math.min(COMMON_GAPS_SHOWN, report.commonGaps().size()));
      for (CommonGap g : gaps) {
        pdf.ensure(50);
        pdf.paragraph(
            g.requirement() + " (L" + g.level() + ") " + lang.pick(g.titleZh(), g.titleEn()), 10);
        pdf.paragraph(
            t(
                String.format(
                    Locale.ROOT,
                    "%d 家企业升级的差距，平均可提升 S %s。",
                    g.enterprises(),
                    ParkReportCsv.number(g.averageGain())),
                String.format(
                    Locale.ROOT,
                    "A gap to the next level for %d enterprises; would add %s to S on average.",
                    g.enterprises(),
                    ParkReportCsv.number(g.averageGain()))),
            8.5f);
        pdf.paragraph(
            t("建议：", "Recommendation: ") + lang.pick(g.recommendationZh(), g.recommendationEn()),
            8.5f);
        pdf.y -= 5;
      }
      if (report.commonGaps().size() > gaps.size()) {
        pdf.paragraph(
            t(
                "其余 " + (report.commonGaps().size() - gaps.size()) + " 项见 CSV 与 API。",
                (report.commonGaps().size() - gaps.size())
                    + " more in the CSV and through the API."),
            8.5f);
      }
      pdf.y -= 6;
    }

    private void method() throws IOException {
      pdf.heading(t("方法说明", "Method"));
      String zh =
          "等级依据 GB/T 39116-2020《智能制造能力成熟度模型》与评估方法 GB/T 39117-2020，按要求目录 "
              + report.catalogVersion()
              + " 计算。每项要求依据证据得分 s ∈ {0, 0.5, 0.8, 1}：设备遥测与平台记录在滚动窗口内计算的指标，"
              + "或问卷答复（未经园区核验的证据最多得 0.5，遥测与答复矛盾时以遥测为准）；输入数据完整率低于 80% 的指标不予评价，得 0。"
              + "各级得分 L_k 为该级要求得分的加权和；自一级起逐级计算，至第一个低于 0.8 的级别为止（该级计入）；"
              + "总分 S 为已计算级别得分之和。S < 0.8 为未达一级，否则满足 n − 0.2 ≤ S < n + 0.8 即为 n 级（最高 5 级）。"
              + "主要差距与常见差距按加权提升 w·(1 − s) 排序。MIIT 中小企业数字化水平为估算，目前只计设备联网一项。"
              + "本报告只读取已保存的评估，每家企业取截至日期前的最近一次。"
              + "每项得分的依据（指标值、目标、窗口、数据质量、所用规则与来源）可经 API 查阅："
              + "GET /api/v1/enterprises/{企业}/assessments/latest 与 GET /api/v1/enterprises/{企业}/assessments。";
      String en =
          "Levels follow GB/T 39116-2020 (intelligent manufacturing capability maturity model) and"
              + " its assessment method GB/T 39117-2020, scored against the requirement catalog "
              + report.catalogVersion()
              + ". Each requirement scores s in {0, 0.5, 0.8, 1} from its evidence: indicators"
              + " computed from telemetry and the platform's records over a rolling window, or"
              + " questionnaire answers (at most 0.5 without evidence verified by the park;"
              + " telemetry wins where it contradicts an answer); an indicator whose inputs are"
              + " under 80% complete is not evaluable and scores 0. A level's score L_k is the"
              + " weighted sum of its requirements' scores; levels are computed from 1 up to and"
              + " including the first below 0.8, and S is the sum of those computed. S < 0.8 is"
              + " below level 1; otherwise the level is n where n − 0.2 ≤ S < n + 0.8 (at most 5)."
              + " Gaps are ranked by the weighted gain w·(1 − s). The MIIT SME level is an"
              + " estimate that so far counts equipment networking only. This report reads the"
              + " assessments kept, each enterprise's latest by the as-of date. The evidence"
              + " behind every score (indicator value, target, window, data quality, rule and"
              + " source) is at GET /api/v1/enterprises/{enterprise}/assessments/latest and"
              + " GET /api/v1/enterprises/{enterprise}/assessments.";
      pdf.paragraph(t(zh, en), 9);
    }

    private static String percent(double share) {
      return ParkReportCsv.number(Math.round(share * 1000) / 10.0) + "%";
    }

    private static String signed(double value) {
      return (value > 0 ? "+" : "") + ParkReportCsv.number(value);
    }

    private static String signedInt(int value) {
      return (value > 0 ? "+" : "") + value;
    }
  }
}
