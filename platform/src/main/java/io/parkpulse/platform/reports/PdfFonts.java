package io.parkpulse.platform.reports;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.jboss.logging.Logger;

/**
 * The first of the configured fonts that has Chinese glyphs, embedded as a subset; without one, a
 * standard font, and a warning once (until one is found again) that says how to fix it.
 */
public final class PdfFonts {

  private static final Logger LOG = Logger.getLogger(PdfFonts.class);

  /** A character every CJK font has: 中. */
  private static final int PROBE = 0x4E2D;

  private final List<Path> fonts;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** With {@code fonts} tried in order. */
  public PdfFonts(List<Path> fonts) {
    this.fonts = List.copyOf(fonts);
  }

  /**
   * The font for {@code doc}: the first CJK one, or Helvetica. What it opens is added to {@code
   * open}, for the caller to close once the document is saved.
   */
  public PDFont load(PDDocument doc, List<Closeable> open) {
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
  public Optional<Path> cjkFontPath() {
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
