package io.parkpulse.platform.maturity.reports;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.jboss.logging.Logger;

/**
 * Text on A4 pages with PDFBox, knowing nothing of what it writes: a cursor going down the page,
 * headings, paragraphs wrapped for Latin and Chinese text, table rows cut to their width, a new
 * page when one is full. What the font cannot show is replaced, never an error. {@link Fonts} finds
 * a font with Chinese glyphs.
 */
final class PdfText {

  static final float MARGIN = 48;
  static final PDRectangle SIZE = PDRectangle.A4;
  static final float WIDTH = SIZE.getWidth() - 2 * MARGIN;
  static final float TOP = SIZE.getHeight() - MARGIN;
  static final float BOTTOM = MARGIN + 20;

  private static final Map<Integer, String> ASCII =
      Map.of(0x2265, ">=", 0x2264, "<=", 0x0394, "d", 0x2014, "-", 0x2192, "->", 0x00B7, "-");

  private final PDDocument doc;
  private final PDFont font;
  private final Map<Integer, Boolean> encodable = new HashMap<>();
  private PDPageContentStream out;

  /** Where the next line goes, in points from the bottom of the page. */
  float y;

  PdfText(PDDocument doc, PDFont font) {
    this.doc = doc;
    this.font = font;
  }

  /** The current page's content, to draw on. */
  PDPageContentStream out() {
    return out;
  }

  /** Ends the last page; call once all is written, before {@link #footer}. */
  void finish() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  void newPage() throws IOException {
    if (out != null) {
      out.close();
    }
    PDPage page = new PDPage(SIZE);
    doc.addPage(page);
    out = new PDPageContentStream(doc, page);
    y = TOP;
  }

  /** A new page unless {@code height} points still fit on this one. */
  void ensure(float height) throws IOException {
    if (y - height < BOTTOM) {
      newPage();
    }
  }

  void heading(String title) throws IOException {
    ensure(60);
    y -= 8;
    text(MARGIN, y - 14, 14, title);
    y -= 24;
  }

  /** A thin horizontal line across the page. */
  void rule() throws IOException {
    out.setStrokingColor(0.75f, 0.75f, 0.75f);
    out.setLineWidth(0.5f);
    out.moveTo(MARGIN, y);
    out.lineTo(MARGIN + WIDTH, y);
    out.stroke();
    y -= 10;
  }

  void paragraph(String value, float size) throws IOException {
    for (String line : wrap(value, size, WIDTH)) {
      ensure(size * 1.5f);
      text(MARGIN, y - size, size, line);
      y -= size * 1.5f;
    }
    y -= size * 0.4f;
  }

  /** A row of cells of {@code widths} points, each cut to fit; a header row is shaded. */
  void tableRow(String[] cells, float[] widths, float size, boolean header) throws IOException {
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

  /** {@code left} and {@code right} at the foot of every page, once the pages are written. */
  void footer(FooterText left, FooterText right, float size) throws IOException {
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
  interface FooterText {
    String of(int page, int pages);
  }

  void text(float x, float baseline, float size, String value) throws IOException {
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

  float width(String value, float size) throws IOException {
    return font.getStringWidth(safe(value)) / 1000 * size;
  }

  /** {@code value} cut to {@code max} points, with an ellipsis where it was cut. */
  String fit(String value, float size, float max) throws IOException {
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
  List<String> wrap(String value, float size, float max) throws IOException {
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

  /**
   * The first of the configured fonts that has Chinese glyphs, embedded as a subset; without one, a
   * standard font, and a warning once (until one is found again) that says how to fix it.
   */
  static final class Fonts {

    private static final Logger LOG = Logger.getLogger(Fonts.class);

    /** A character every CJK font has: 中. */
    private static final int PROBE = 0x4E2D;

    private final List<Path> fonts;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** With {@code fonts} tried in order. */
    Fonts(List<Path> fonts) {
      this.fonts = List.copyOf(fonts);
    }

    /**
     * The font for {@code doc}: the first CJK one, or Helvetica. What it opens is added to {@code
     * open}, for the caller to close once the document is saved.
     */
    PDFont load(PDDocument doc, List<Closeable> open) {
      Optional<Loaded> loaded = find(doc, open);
      if (loaded.isPresent()) {
        if (warned.compareAndSet(true, false)) {
          LOG.infof("PDF reports embed %s again", loaded.get().path());
        }
        return loaded.get().font();
      }
      if (warned.compareAndSet(false, true)) {
        LOG.warnf(
            "no font with Chinese glyphs among %s: PDF reports use Helvetica and show '?' for"
                + " Chinese text. Install one (Debian/Ubuntu: apt-get install fonts-wqy-microhei)"
                + " or set parkpulse.platform.report.font (PARKPULSE_PLATFORM_REPORT_FONT) to a"
                + " TrueType font (.ttf or .ttc) that has them",
            fonts);
      }
      return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    }

    /** The path of the font a document would embed now, if any has Chinese glyphs. */
    Optional<Path> cjkFontPath() {
      try (PDDocument doc = new PDDocument()) {
        List<Closeable> open = new ArrayList<>();
        try {
          return find(doc, open).map(Loaded::path);
        } finally {
          for (Closeable c : open) {
            c.close();
          }
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    private record Loaded(Path path, PDFont font) {}

    private Optional<Loaded> find(PDDocument doc, List<Closeable> open) {
      for (Path path : fonts) {
        if (!Files.isReadable(path)) {
          continue;
        }
        try {
          String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
          TrueTypeFont chosen = null;
          if (name.endsWith(".ttc") || name.endsWith(".otc")) {
            TrueTypeCollection collection = new TrueTypeCollection(path.toFile());
            open.add(collection);
            TrueTypeFont[] first = new TrueTypeFont[1];
            collection.processAllFonts(
                f -> {
                  if (first[0] == null && hasChinese(f)) {
                    first[0] = f;
                  }
                });
            chosen = first[0];
          } else {
            TrueTypeFont f = new TTFParser().parse(new RandomAccessReadBufferedFile(path));
            open.add(f);
            chosen = hasChinese(f) ? f : null;
          }
          if (chosen == null) {
            LOG.warnf("font %s has no Chinese glyphs: skipped for PDF reports", path);
            continue;
          }
          // Embedded as a subset: only the glyphs the document uses, a few hundred KB at most.
          return Optional.of(new Loaded(path, PDType0Font.load(doc, chosen, true)));
        } catch (IOException | RuntimeException e) {
          LOG.warnf("font %s cannot be used for PDF reports: %s", path, e.toString());
        }
      }
      return Optional.empty();
    }

    private static boolean hasChinese(TrueTypeFont font) {
      try {
        return font.getUnicodeCmapLookup(false).getGlyphId(PROBE) > 0;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
  }
}
