package io.parkpulse.platform.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A document to hand over as a PDF, made only of strings: a title, a subtitle, facts (label and
 * value), headings, paragraphs, notes and tables. It is built in reading order and printed by
 * {@link PdfReportWriter}, which flows it over as many A4 pages as it takes (a table repeats its
 * header on each page) and numbers the pages. Numbers are formatted by whoever builds it, in the
 * reader's language.
 *
 * <pre>{@code
 * byte[] pdf =
 *     writer.render(
 *         PdfReport.titled("亩均效益评价")
 *             .subtitle("临港智造园 · 2026")
 *             .fact("园区", "lg-park")
 *             .heading("排名")
 *             .table(
 *                 List.of(PdfReport.Column.left("企业", 3), PdfReport.Column.right("得分", 1)),
 *                 List.of(List.of("华东精密", "92.5")))
 *             .note("数据来源……")
 *             .footer("临港智造园 · 2026", "第 {page} 页，共 {pages} 页"));
 * }</pre>
 */
public final class PdfReport {

  /** Where a column's cells sit. */
  public enum Align {
    LEFT,
    RIGHT
  }

  /**
   * A table's column.
   *
   * @param weight its share of the page's width, relative to the other columns'
   */
  public record Column(String title, float weight, Align align) {

    public Column {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(align, "align");
      if (!(weight > 0)) {
        throw new IllegalArgumentException("a column's weight is above 0: " + weight);
      }
    }

    /** A column of text. */
    public static Column left(String title, float weight) {
      return new Column(title, weight, Align.LEFT);
    }

    /** A column of numbers. */
    public static Column right(String title, float weight) {
      return new Column(title, weight, Align.RIGHT);
    }
  }

  /** What the document is made of, in order. */
  public sealed interface Block {}

  /** A section's title. */
  public record Heading(String text) implements Block {}

  /** Running text, wrapped; {@code size} in points. */
  public record Paragraph(String text, float size) implements Block {}

  /** Labels and their values, one pair a line. */
  public record Facts(List<String[]> pairs) implements Block {}

  /** A table of strings; rows shorter than the columns are padded with blanks. */
  public record Table(List<Column> columns, List<List<String>> rows) implements Block {}

  static final float TEXT = 10;
  static final float NOTE = 8;

  private final String title;
  private String subtitle;
  private final List<Block> blocks = new ArrayList<>();
  private String footer = "";
  private String pageNumbers = "{page} / {pages}";
  private Instant createdAt = Instant.now();

  private PdfReport(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  /** A new document with its title, printed large at the top and kept as the PDF's title. */
  public static PdfReport titled(String title) {
    return new PdfReport(title);
  }

  /** A line under the title: what or whom the document is about. */
  public PdfReport subtitle(String text) {
    this.subtitle = text;
    return this;
  }

  /** A label and its value; consecutive facts line up in two columns. */
  public PdfReport fact(String label, String value) {
    if (!blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof Facts f) {
      f.pairs().add(new String[] {label, value});
    } else {
      List<String[]> pairs = new ArrayList<>();
      pairs.add(new String[] {label, value});
      blocks.add(new Facts(pairs));
    }
    return this;
  }

  public PdfReport heading(String text) {
    blocks.add(new Heading(text));
    return this;
  }

  /** Running text at the body's size. */
  public PdfReport paragraph(String text) {
    blocks.add(new Paragraph(text, TEXT));
    return this;
  }

  /** Running text in small print: a method, a source, a caveat. */
  public PdfReport note(String text) {
    blocks.add(new Paragraph(text, NOTE));
    return this;
  }

  /** A table; its rows are copied. */
  public PdfReport table(List<Column> columns, List<List<String>> rows) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a table has at least one column");
    }
    List<List<String>> copied = new ArrayList<>();
    for (List<String> row : rows) {
      if (row.size() > columns.size()) {
        throw new IllegalArgumentException(
            "a row of " + row.size() + " cells in a table of " + columns.size() + " columns");
      }
      List<String> cells = new ArrayList<>(row);
      while (cells.size() < columns.size()) {
        cells.add("");
      }
      copied.add(cells);
    }
    blocks.add(new Table(List.copyOf(columns), copied));
    return this;
  }

  /** A table whose columns are all text, of equal width. */
  public PdfReport table(List<String> header, String[]... rows) {
    return table(
        header.stream().map(h -> Column.left(h, 1)).toList(),
        Arrays.stream(rows).map(List::of).toList());
  }

  /**
   * The foot of every page: {@code left} on the left, and on the right the page number written as
   * {@code pageNumbers} says, {@code {page}} and {@code {pages}} replaced ({@code 第 {page} 页，共
   * {pages} 页}; by default {@code {page} / {pages}}).
   */
  public PdfReport footer(String left, String pageNumbers) {
    this.footer = left == null ? "" : left;
    this.pageNumbers = Objects.requireNonNull(pageNumbers, "pageNumbers");
    return this;
  }

  /** When the document was made, kept as the PDF's creation date (default: now). */
  public PdfReport createdAt(Instant at) {
    this.createdAt = Objects.requireNonNull(at, "at");
    return this;
  }

  public String title() {
    return title;
  }

  public String subtitle() {
    return subtitle;
  }

  public List<Block> blocks() {
    return List.copyOf(blocks);
  }

  public String footer() {
    return footer;
  }

  /** The page number of {@code page} of {@code pages}. */
  public String pageNumber(int page, int pages) {
    return pageNumbers
        .replace("{page}", String.valueOf(page))
        .replace("{pages}", String.valueOf(pages));
  }

  public Instant createdAt() {
    return createdAt;
  }
}
