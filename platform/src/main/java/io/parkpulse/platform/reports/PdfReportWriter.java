package io.parkpulse.platform.reports;

import io.parkpulse.platform.reports.PdfReport.Align;
import io.parkpulse.platform.reports.PdfReport.Block;
import io.parkpulse.platform.reports.PdfReport.Column;
import io.parkpulse.platform.reports.PdfReport.Facts;
import io.parkpulse.platform.reports.PdfReport.Heading;
import io.parkpulse.platform.reports.PdfReport.Paragraph;
import io.parkpulse.platform.reports.PdfReport.Table;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.jboss.logging.Logger;

/**
 * Prints a {@link PdfReport} on A4 pages with the first configured font that has Chinese glyphs
 * ({@link PdfFonts}; without one, Chinese shows as {@code ?} and a warning says how to fix it).
 * Thread-safe: one instance, the CDI bean {@code ReportBeans} makes, serves every report.
 */
public final class PdfReportWriter {

  private static final Logger LOG = Logger.getLogger(PdfReportWriter.class);

  private final PdfFonts fonts;

  public PdfReportWriter(PdfFonts fonts) {
    this.fonts = fonts;
  }

  /** With {@code fonts} tried in order. */
  public PdfReportWriter(List<Path> fonts) {
    this(new PdfFonts(fonts));
  }

  /** The PDF file of {@code report}. */
  public byte[] render(PdfReport report) throws IOException {
    List<Closeable> open = new ArrayList<>();
    try (PDDocument doc = new PDDocument()) {
      PDFont font = fonts.load(doc, open);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(
          report.subtitle() == null ? report.title() : report.title() + " — " + report.subtitle());
      info.setCreator("ParkPulse");
      info.setCreationDate(GregorianCalendar.from(report.createdAt().atZone(ZoneOffset.UTC)));
      PdfText pdf = new PdfText(doc, font);
      pdf.newPage();
      pdf.text(PdfText.MARGIN, pdf.y - 18, 18, report.title());
      pdf.y -= 30;
      if (report.subtitle() != null) {
        pdf.paragraph(report.subtitle(), 12);
      }
      pdf.rule();
      for (Block block : report.blocks()) {
        write(pdf, block);
      }
      pdf.finish();
      pdf.footer((page, pages) -> report.footer(), report::pageNumber, 7.5f);
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

  /** The path of the font a report would embed now, if any has Chinese glyphs. */
  public Optional<Path> cjkFontPath() {
    return fonts.cjkFontPath();
  }

  private static void write(PdfText pdf, Block block) throws IOException {
    if (block instanceof Heading h) {
      pdf.heading(h.text());
    } else if (block instanceof Paragraph p) {
      pdf.paragraph(p.text(), p.size());
    } else if (block instanceof Facts f) {
      facts(pdf, f);
    } else if (block instanceof Table t) {
      table(pdf, t);
    }
  }

  private static void facts(PdfText pdf, Facts facts) throws IOException {
    float size = PdfReport.TEXT;
    float labels = 0;
    for (String[] pair : facts.pairs()) {
      labels = Math.max(labels, pdf.width(pair[0], size));
    }
    float indent = Math.min(labels + 14, PdfText.WIDTH / 3);
    for (String[] pair : facts.pairs()) {
      List<String> lines = pdf.wrap(pair[1], size, PdfText.WIDTH - indent);
      pdf.ensure(Math.max(1, lines.size()) * size * 1.5f);
      pdf.text(PdfText.MARGIN, pdf.y - size, size, pdf.fit(pair[0], size, indent - 8));
      for (String line : lines) {
        pdf.text(PdfText.MARGIN + indent, pdf.y - size, size, line);
        pdf.y -= size * 1.5f;
      }
      if (lines.isEmpty()) {
        pdf.y -= size * 1.5f;
      }
    }
    pdf.y -= size * 0.6f;
  }

  private static void table(PdfText pdf, Table table) throws IOException {
    float size = table.columns().size() > 8 ? 7 : 8;
    float weights = 0;
    for (Column c : table.columns()) {
      weights += c.weight();
    }
    int n = table.columns().size();
    float[] widths = new float[n];
    boolean[] right = new boolean[n];
    String[] header = new String[n];
    for (int i = 0; i < n; i++) {
      Column c = table.columns().get(i);
      widths[i] = PdfText.WIDTH * c.weight() / weights;
      right[i] = c.align() == Align.RIGHT;
      header[i] = c.title();
    }
    float headerHeight = pdf.wrappedRowHeight(header, widths, size);
    String[] first = table.rows().isEmpty() ? null : table.rows().get(0).toArray(String[]::new);
    // The header and at least the first row together, never a header alone at a page's foot.
    pdf.ensure(headerHeight + (first == null ? 0 : pdf.wrappedRowHeight(first, widths, size)));
    pdf.wrappedRow(header, widths, right, size, true);
    for (List<String> row : table.rows()) {
      String[] cells = row.toArray(String[]::new);
      float height = pdf.wrappedRowHeight(cells, widths, size);
      if (pdf.y - height < PdfText.BOTTOM) {
        pdf.newPage();
        pdf.wrappedRow(header, widths, right, size, true);
      }
      pdf.wrappedRow(cells, widths, right, size, false);
    }
    pdf.y -= 10;
  }
}
