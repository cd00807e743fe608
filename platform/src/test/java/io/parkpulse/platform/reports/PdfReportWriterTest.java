package io.parkpulse.platform.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.reports.PdfReport.Column;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The neutral PDF writer, as another feature's report would use it. */
class PdfReportWriterTest {

  private static final Path WQY = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

  @Test
  void aLongTableRunsOverPagesWithItsHeaderOnEachAndLongCellsWrapped() throws Exception {
    Assumptions.assumeTrue(WQY.toFile().canRead(), "fonts-wqy-microhei is not installed");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i <= 150; i++) {
      rows.add(List.of(String.valueOf(i), "亩均企业" + i, String.format("%.1f", i * 1.5)));
    }
    PdfReport report =
        PdfReport.titled("亩均效益评价")
            .subtitle("临港智造园 · 2026")
            .createdAt(Instant.parse("2026-12-01T00:00:00Z"))
            .fact("园区", "lg-park")
            .fact("依据", "浙江省亩均效益综合评价办法（示例）")
            .heading("排名")
            .table(
                List.of(Column.right("#", 0.5f), Column.left("企业", 3), Column.right("得分", 1)), rows)
            .heading("说明")
            .note("很长的说明文字，".repeat(60))
            .table(List.of("来源", "说明"), new String[] {"GB/T 2589-2020", "长文本 ".repeat(40)})
            .footer("临港智造园 · 2026", "第 {page} 页，共 {pages} 页");

    byte[] pdf = new PdfReportWriter(List.of(Path.of("/nonexistent.ttf"), WQY)).render(report);

    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(3);
      assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("亩均效益评价 — 临港智造园 · 2026");
      PDFTextStripper stripper = new PDFTextStripper();
      String all = stripper.getText(doc);
      assertThat(all).contains("亩均效益评价", "亩均企业1", "亩均企业150", "225.0", "GB/T 2589-2020");
      assertThat(all).contains("第 1 页，共 " + doc.getNumberOfPages() + " 页");
      stripper.setStartPage(2);
      stripper.setEndPage(2);
      assertThat(stripper.getText(doc)).as("the header again").contains("企业", "得分");
    }
  }

  @Test
  void withoutAChineseFontTheDocumentIsStillMade() throws Exception {
    PdfReportWriter writer = new PdfReportWriter(List.of(Path.of("/nonexistent/font.ttc")));
    assertThat(writer.cjkFontPath()).isEmpty();

    byte[] pdf =
        writer.render(
            PdfReport.titled("Policy sheet")
                .paragraph("园区 Acme")
                .table(List.of("KPI", "Value"), new String[] {"green share", "35%"}));

    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(new PDFTextStripper().getText(doc)).contains("Policy sheet", "?? Acme", "35%");
    }
  }

  @Test
  void aRowWiderThanItsTableIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PdfReport.titled("t").table(List.of("a"), new String[] {"1", "2"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
