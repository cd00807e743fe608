package io.parkpulse.platform.maturity.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.maturity.readmodel.ParkAssessments.EnterpriseAssessments;
import io.parkpulse.platform.maturity.reports.ParkReport.Language;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.maturity.scoring.Assessment.Gap;
import io.parkpulse.platform.maturity.scoring.Assessment.Recommendation;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.CatalogLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** CSV and PDF of a park report, on a report made by hand. */
class ParkReportRenderingTest {

  private static final Path WQY = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
  private static final Instant AS_OF = Instant.parse("2026-11-29T02:00:00Z");
  private final Catalog catalog = new CatalogLoader().bundled("test-v0");

  @Test
  void csvHasABomAHeaderAndOneQuotedRowPerEnterprise() {
    byte[] csv =
        ParkReportCsv.write(
            report(List.of("Acme, \"Best\" Tools", "东方精密", "=HYPERLINK(\"x\")"), 1), Language.ZH);

    assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
    String[] lines = text.split("\r\n");
    assertThat(lines[0]).isEqualTo(String.join(",", ParkReportCsv.COLUMNS));
    assertThat(lines).hasSize(1 + 3 + 1);
    assertThat(text).contains(",\"Acme, \"\"Best\"\" Tools\",");
    assertThat(text).contains(",东方精密,");
    // A name that a spreadsheet would run as a formula is kept as text.
    assertThat(text).contains(",\"'=HYPERLINK(\"\"x\"\")\",");
    assertThat(lines[4]).startsWith(",never,Never assessed,");
  }

  @Test
  void pdfShowsChineseNamesAndRunsOverSeveralPagesWithACjkFont() throws Exception {
    Assumptions.assumeTrue(WQY.toFile().canRead(), "fonts-wqy-microhei is not installed");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      names.add(i % 2 == 0 ? "东方精密" + i : "Acme Tools " + i);
    }
    byte[] pdf =
        new ParkReportPdf(List.of(Path.of("/nonexistent.ttc"), WQY))
            .render(report(names, 0), Language.ZH);

    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isGreaterThan(2);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("园区数字化转型成熟度报告", "东方精密0", "东方精密118", "Acme Tools 119");
      assertThat(text).contains("规范级", "最常见的差距", "方法说明");
    }
  }

  @Test
  void pdfWithoutACjkFontIsStillMadeWithChineseReplaced() throws Exception {
    ParkReportPdf renderer = new ParkReportPdf(List.of(Path.of("/nonexistent/font.ttc")));
    assertThat(renderer.cjkFontPath()).isEmpty();

    byte[] pdf = renderer.render(report(List.of("东方精密", "Acme Tools"), 0), Language.EN);

    try (PDDocument doc = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Park digital-transformation maturity report", "Acme Tools");
      assertThat(text).contains("????").doesNotContain("东方精密");
    }
  }

  /** A park whose enterprises are all at level 2 with the same gap, plus some never assessed. */
  private ParkReport report(List<String> names, int unassessed) {
    Catalog.Requirement oee =
        catalog.requirements().stream().filter(r -> r.id().equals("R3.2")).findFirst().get();
    List<EnterpriseAssessments> enterprises = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Assessment a =
          new Assessment(
              "e" + i,
              "test-v0",
              List.of(),
              List.of(),
              2.0 + i / 1000.0,
              2,
              Optional.of(
                  new Gap(
                      3,
                      2.8,
                      0.8 - i / 1000.0,
                      List.of(3),
                      List.of(
                          new Recommendation(
                              "R3.2",
                              3,
                              0.2,
                              oee.recommendation().get("zh"),
                              oee.recommendation().get("en"))))),
              new MiitEstimate(0.7, 6, List.of()));
      enterprises.add(
          new EnterpriseAssessments(
              "e" + i,
              names.get(i),
              Optional.of(new Stored(i + 1, "p", AS_OF, a)),
              Optional.empty()));
    }
    for (int i = 0; i < unassessed; i++) {
      enterprises.add(
          new EnterpriseAssessments("never", "Never assessed", Optional.empty(), Optional.empty()));
    }
    return ParkView.aggregate(
        catalog,
        new ParkView.ParkInfo("p", "测试园区 Park P", "Asia/Shanghai"),
        AS_OF,
        AS_OF.minusSeconds(86400 * 30),
        AS_OF,
        enterprises);
  }
}
