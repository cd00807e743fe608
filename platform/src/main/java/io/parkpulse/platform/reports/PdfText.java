package io.parkpulse.platform.reports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Text on A4 pages with PDFBox, knowing nothing of what it writes: a cursor going down the page,
 * headings, paragraphs wrapped for Latin and Chinese text, table rows cut to their width, a new
 * page when one is full. What the font cannot show is replaced, never an error. {@link PdfFonts}
 * finds a font with Chinese glyphs. {@link PdfReportWriter} lays out whole documents with it; a
 * report that draws its own shapes (a chart) uses it directly, as {@code ParkReportPdf} does.
 */
public final class PdfText {

  public static final float MARGIN = 48;
  public static final PDRectangle SIZE = PDRectangle.A4;
  public static final float WIDTH = SIZE.getWidth() - 2 * MARGIN;
  public static final float TOP = SIZE.getHeight() - MARGIN;
  public static final float BOTTOM = MARGIN + 20;

  private static final Map<Integer, String> ASCII =
      Map.of(0x2265, ">=", 0x2264, "<=", 0x0394, "d", 0x2014, "-", 0x2192, "->", 0x00B7, "-");

  private final PDDocument doc;
  private final PDFont font;
  private final Map<Integer, Boolean> encodable = new HashMap<>();
  private PDPageContentStream out;

  /** Where the next line goes, in points from the bottom of the page. */
  public float y;

  public PdfText(PDDocument doc, PDFont font) {
    this.doc = doc;
    this.font = font;
  }

  /** The current page's content, to draw on. */
  public PDPageContentStream out() {
    return out;
  }

  /** Ends the last page; call once all is written, before {@link #footer}. */
  public void finish() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  public void newPage() throws IOException {
    if (out != null) {
      out.close();
    }
    PDPage page = new PDPage(SIZE);
    doc.addPage(page);
    out = new PDPageContentStream(doc, page);
    y = TOP;
  }

  /** A new page unless {@code height} points still fit on this one. */
  public void ensure(float height) throws IOException {
    if (y - height < BOTTOM) {
      newPage();
    }
  }

  public void heading(String title) throws IOException {
    ensure(60);
    y -= 8;
    text(MARGIN, y - 14, 14, title);
    y -= 24;
  }

  /** A thin horizontal line across the page. */
  public void rule() throws IOException {
    out.setStrokingColor(0.75f, 0.75f, 0.75f);
    out.setLineWidth(0.5f);
    out.moveTo(MARGIN, y);
    out.lineTo(MARGIN + WIDTH, y);
    out.stroke();
    y -= 10;
  }

  public void paragraph(String value, float size) throws IOException {
    for (String line : wrap(value, size, WIDTH)) {
      ensure(size * 1.5f);
      text(MARGIN, y - size, size, line);
      y -= size * 1.5f;
    }
    y -= size * 0.4f;
  }

  /** A row of cells of {@code widths} points, each cut to fit; a header row is shaded. */
  public void tableRow(String[] cells, float[] widths, float size, boolean header)
      throws IOException {
    float height = size * 1.7f;
    ensure(height);
    if (header) {
      out.setNonStrokingColor(0.90f, 0.92f, 0.95f);
      float total = 0;
      for (float w : widths) {
        total += w;
      }
      out.addRect(MARGIN, y - height, total, height);
      out.fill();
      out.setNonStrokingColor(0f, 0f, 0f);
    }
    float x = MARGIN;
    for (int i = 0; i < cells.length; i++) {
      text(x + 2, y - size * 1.25f, size, fit(cells[i], size, widths[i] - 4));
      x += widths[i];
    }
    y -= height;
  }

  /**
   * The height in points of a row of {@code cells} wrapped to {@code widths}, as {@link
   * #wrappedRow} draws it: to decide before drawing whether it still fits on the page.
   */
  public float wrappedRowHeight(String[] cells, float[] widths, float size) throws IOException {
    int lines = 1;
    for (int i = 0; i < cells.length; i++) {
      lines = Math.max(lines, wrap(cells[i], size, widths[i] - 4).size());
    }
    return lines * size * 1.3f + size * 0.5f;
  }

  /**
   * A row of cells of {@code widths} points, each wrapped onto as many lines as it needs, those
   * with {@code right[i]} aligned right (numbers); a header row is shaded, every row is ruled
   * below. It does not break across pages: call {@link #ensure} with {@link #wrappedRowHeight}
   * first.
   */
  public void wrappedRow(
      String[] cells, float[] widths, boolean[] right, float size, boolean header)
      throws IOException {
    float height = wrappedRowHeight(cells, widths, size);
    float total = 0;
    for (float w : widths) {
      total += w;
    }
    if (header) {
      out.setNonStrokingColor(0.90f, 0.92f, 0.95f);
      out.addRect(MARGIN, y - height, total, height);
      out.fill();
      out.setNonStrokingColor(0f, 0f, 0f);
    }
    float x = MARGIN;
    for (int i = 0; i < cells.length; i++) {
      float baseline = y - size * 1.1f;
      for (String line : wrap(cells[i], size, widths[i] - 4)) {
        float left = right[i] ? x + widths[i] - 2 - width(line, size) : x + 2;
        text(left, baseline, size, line);
        baseline -= size * 1.3f;
      }
      x += widths[i];
    }
    y -= height;
    out.setStrokingColor(0.85f, 0.85f, 0.85f);
    out.setLineWidth(0.3f);
    out.moveTo(MARGIN, y);
    out.lineTo(MARGIN + total, y);
    out.stroke();
  }

  /** {@code left} and {@code right} at the foot of every page, once the pages are written. */
  public void footer(FooterText left, FooterText right, float size) throws IOException {
    int pages = doc.getNumberOfPages();
    for (int i = 0; i < pages; i++) {
      PDPage page = doc.getPage(i);
      try (PDPageContentStream footer =
          new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
        String l = left.of(i + 1, pages);
        String r = right.of(i + 1, pages);
        show(footer, MARGIN, MARGIN - 10, size, l);
        show(footer, MARGIN + WIDTH - width(r, size), MARGIN - 10, size, r);
      }
    }
  }

  /** A footer's text for page {@code page} of {@code pages}. */
  @FunctionalInterface
  public interface FooterText {
    String of(int page, int pages);
  }

  public void text(float x, float baseline, float size, String value) throws IOException {
    show(out, x, baseline, size, value);
  }

  private void show(PDPageContentStream stream, float x, float baseline, float size, String value)
      throws IOException {
    String s = safe(value);
    if (s.isEmpty()) {
      return;
    }
    stream.beginText();
    stream.setFont(font, size);
    stream.newLineAtOffset(x, baseline);
    stream.showText(s);
    stream.endText();
  }

  public float width(String value, float size) throws IOException {
    return font.getStringWidth(safe(value)) / 1000 * size;
  }

  /** {@code value} cut to {@code max} points, with an ellipsis where it was cut. */
  public String fit(String value, float size, float max) throws IOException {
    String s = safe(value);
    if (width(s, size) <= max) {
      return s;
    }
    String ellipsis = safe("…");
    int end = s.length();
    while (end > 0 && width(s.substring(0, end) + ellipsis, size) > max) {
      end = s.offsetByCodePoints(end, -1);
    }
    return s.substring(0, end) + ellipsis;
  }

  /**
   * Lines of at most {@code max} points: broken at spaces in Latin text and between any two
   * characters of Chinese text.
   */
  public List<String> wrap(String value, float size, float max) throws IOException {
    String s = safe(value);
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      if (cp == ' ' || Character.isIdeographic(cp) || isCjkPunctuation(cp)) {
        if (word.length() > 0) {
          tokens.add(word.toString());
          word.setLength(0);
        }
        tokens.add(ch);
      } else {
        word.append(ch);
      }
      i += Character.charCount(cp);
    }
    if (word.length() > 0) {
      tokens.add(word.toString());
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String token : tokens) {
      if (line.length() > 0 && width(line + token, size) > max) {
        lines.add(line.toString().stripTrailing());
        line.setLength(0);
        if (token.equals(" ")) {
          continue;
        }
      }
      if (line.length() == 0 && width(token, size) > max) {
        lines.add(fit(token, size, max));
        continue;
      }
      line.append(token);
    }
    if (line.length() > 0) {
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static boolean isCjkPunctuation(int cp) {
    return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
  }

  /**
   * {@code value} with what the font cannot show replaced: a few symbols by ASCII, the rest by
   * {@code ?}; line breaks and tabs by spaces.
   */
  private String safe(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                s.append(' ');
              } else if (canShow(cp)) {
                s.appendCodePoint(cp);
              } else {
                String ascii = ASCII.get(cp);
                s.append(ascii != null ? ascii : "?");
              }
            });
    return s.toString();
  }

  private boolean canShow(int cp) {
    return encodable.computeIfAbsent(
        cp,
        c -> {
          try {
            font.encode(new String(Character.toChars(c)));
            return true;
          } catch (IOException | IllegalArgumentException e) {
            return false;
          }
        });
  }
}
