package io.parkpulse.platform.energy.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.energy.accounting.Carrier;
import io.parkpulse.platform.energy.accounting.CoreThreshold;
import io.parkpulse.platform.energy.accounting.Declared;
import io.parkpulse.platform.energy.accounting.DefaultFactors;
import io.parkpulse.platform.energy.accounting.EnergyAccounts;
import io.parkpulse.platform.energy.accounting.FactorTable;
import io.parkpulse.platform.energy.accounting.Figures;
import io.parkpulse.platform.energy.accounting.MeterDay;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseFigures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseMonth;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.MeterSummary;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkMonth;
import io.parkpulse.platform.reports.PdfReportWriter;
import io.parkpulse.platform.reports.ReportLanguage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The park's energy CSV and PDF on a month worked out by hand: enterprise A used 1,000 kWh, all
 * monitored (0.1229 tce, 1,000 × 0.5306 / 1000 = 0.5306 tCO2); B used 500 kWh on a day half
 * monitored and declared 200 kWh of green power and 100 m3 of natural gas (0.18288 tce, 0.3754
 * tCO2); C has no data.
 */
class EnergyExportsTest {

  private static final Path WQY = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
  private static final YearMonth MONTH = YearMonth.of(2025, 3);
  private static final FactorTable NATIONAL = new FactorTable(DefaultFactors.national());
  private static final double THRESHOLD = 0.2;

  static ParkMonth month() {
    Figures a =
        figures(
            "ent-a",
            List.of(day("ent-a", "m1", 1, 96, 600.0, 600), day("ent-a", "m1", 2, 96, 400.0, 360)),
            List.of());
    Figures b =
        figures(
            "ent-b",
            List.of(day("ent-b", "m2", 1, 48, 500.0, 500)),
            List.of(
                new Declared("ent-b", MONTH, Carrier.GREEN_POWER, 200, "绿证 GC-1"),
                new Declared("ent-b", MONTH, Carrier.NATURAL_GAS, 100, "发票 INV-7")));
    Figures c = figures("ent-c", List.of(), List.of());
    List<EnterpriseFigures> ranked =
        List.of(
            new EnterpriseFigures("ent-b", "东方化纤", b),
            new EnterpriseFigures("ent-a", "华东精密", a),
            new EnterpriseFigures("ent-c", "Acme, \"Tools\"", c));
    Figures park = EnergyAccounts.sum("lg-park", MONTH.toString(), List.of(a, b, c), THRESHOLD);
    return new ParkMonth("lg-park", MONTH, park, ranked, List.of());
  }

  private static Figures figures(String e, List<MeterDay> days, List<Declared> declared) {
    return EnergyAccounts.figures(
        e,
        MONTH.toString(),
        "lg-park",
        null,
        days,
        declared,
        null,
        NATIONAL,
        MONTH.atDay(1),
        THRESHOLD);
  }

  private static MeterDay day(
      String e, String device, int day, int slots, Double counter, double interval) {
    return new MeterDay(
        e,
        device,
        "energy_kwh",
        Carrier.ELECTRICITY,
        MONTH.atDay(day),
        slots,
        96,
        counter,
        interval);
  }

  @Test
  void theParkCsvHasABomOneRowPerEnterpriseTheParkAndTheFactors() {
    byte[] csv = EnergyCsv.park(month());

    assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    String[] lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n", -1);
    assertThat(lines[0]).isEqualTo(String.join(",", EnergyCsv.COLUMNS));
    assertThat(lines[1])
        .startsWith(
            "enterprise,ent-b,东方化纤,2025-03,500,500,0,200,500,0.06145,100,0.12143,,,,,0.18288,0.3754,");
    assertThat(lines[2])
        .startsWith(
            "enterprise,ent-a,华东精密,2025-03,1000,0,0,0,1000,0.1229,,,,,,,0.1229,0.5306,0,4.3173,0.2,false,");
    // No data is not zero: C's electricity cells are empty.
    assertThat(lines[3]).startsWith("enterprise,ent-c,\"Acme, \"\"Tools\"\"\",2025-03,,,,0,,");
    assertThat(lines[4]).startsWith("park,lg-park,,2025-03,1500,500,0,200,1500,");
    assertThat(lines[4]).contains(",0.30578,0.906,");
    assertThat(lines[5]).isEmpty();
    assertThat(lines[6]).isEqualTo(String.join(",", EnergyCsv.FACTOR_COLUMNS));
    assertThat(List.of(lines))
        .anySatisfy(
            l -> assertThat(l).startsWith("2,co2,electricity,0.5306,kgCO2/kWh,2020-01-01,"));
  }

  @Test
  void theEnterpriseCsvListsItsMetersWithTheirGap() {
    ParkMonth park = month();
    Figures a = park.enterprises().get(1).figures();
    EnterpriseMonth month =
        new EnterpriseMonth(
            "ent-a",
            "华东精密",
            MONTH,
            a,
            List.of(),
            List.of(
                new MeterSummary(
                    "ent-a",
                    "m1",
                    "energy_kwh",
                    "electricity",
                    2,
                    2,
                    0,
                    1.0,
                    1000.0,
                    960,
                    0.04,
                    false)));

    String text = new String(EnergyCsv.enterprise(month), StandardCharsets.UTF_8);

    assertThat(text).contains("\r\n" + String.join(",", EnergyCsv.METER_COLUMNS) + "\r\n");
    assertThat(text).contains("\r\nm1,energy_kwh,electricity,2,2,0,1,1000,960,0.04,false\r\n");
  }

  @Test
  void theParkPdfShowsTheFiguresTheCoreIndicatorQualityAndSourcesInBothLanguages()
      throws Exception {
    Assumptions.assumeTrue(WQY.toFile().canRead(), "fonts-wqy-microhei is not installed");
    PdfReportWriter writer = new PdfReportWriter(List.of(WQY));
    EnergyPdf.ParkInfo info =
        new EnergyPdf.ParkInfo(
            "lg-park",
            "临港智造园",
            ZoneId.of("Asia/Shanghai"),
            null,
            CoreThreshold.ZERO_CARBON_PARK.source(),
            0);
    Instant at = Instant.parse("2025-04-02T01:00:00Z");

    String zh = text(writer.render(EnergyPdf.park(info, month(), ReportLanguage.ZH, at)));
    assertThat(zh)
        .contains("园区能源与碳排放月报", "临港智造园", "2025-03")
        .contains("华东精密", "东方化纤", "1,500.0 kWh", "500.0 kWh", "0.9060 tCO2")
        .contains("单位能耗碳排放", "未达标", "发改环资〔2025〕910号")
        .contains("能耗在线监测", "2 / 3", "m2/energy_kwh")
        .contains("生态环境部", "计算方法", "电表遥测");
    assertThat(zh.indexOf("东方化纤")).isLessThan(zh.indexOf("华东精密"));

    String en = text(writer.render(EnergyPdf.park(info, month(), ReportLanguage.EN, at)));
    assertThat(en)
        .contains("Park energy and carbon report", "not met", "Data quality")
        .contains("metered telemetry", "never as zero", "Page 1 of");
  }

  @Test
  void fileNamesSayTheScopeMonthAndLanguage() {
    assertThat(EnergyCsv.fileName("lg-park", MONTH)).isEqualTo("lg-park-energy-2025-03.csv");
    assertThat(EnergyPdf.fileName("lg-park", MONTH, ReportLanguage.EN))
        .isEqualTo("lg-park-energy-2025-03-en.pdf");
    assertThat(LocalDate.of(2025, 3, 1)).isEqualTo(MONTH.atDay(1));
  }

  private static String text(byte[] pdf) throws Exception {
    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }
}
