package io.parkpulse.devstack.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first Markdown table under a heading of a document, read so that tests can hold the document
 * to the code. Headings inside fenced code blocks are not headings; a {@code |} inside a code span
 * or written {@code \|} does not split a cell.
 */
public final class DocTable {

  private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*?)\\s*#*\\s*");
  private static final Pattern SEPARATOR = Pattern.compile("\\|[\\s|:-]*-[\\s|:-]*");
  private static final Pattern CODE = Pattern.compile("`([^`]*)`");

  /**
   * A row of the table.
   *
   * @param where the document and line, for messages: {@code docs/configuration.md line 42}
   * @param cells the cells by column name (lower case), as written, trimmed
   */
  public record Row(String where, Map<String, String> cells) {

    /** The cell of {@code column}, as written. */
    public String cell(String column) {
      String cell = cells.get(column.toLowerCase(Locale.ROOT));
      if (cell == null) {
        throw new IllegalArgumentException(where + ": no column '" + column + "'");
      }
      return cell;
    }

    /** What the cell of {@code column} holds if it is exactly one code span ({@code `5`}). */
    public Optional<String> code(String column) {
      Matcher m = CODE.matcher(cell(column));
      return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
  }

  private DocTable() {}

  /**
   * The rows of the first table under the heading {@code heading} (its text, without the {@code
   * #}), before the next heading of the same or a higher level.
   *
   * @param columns the columns the table must have
   * @throws IllegalArgumentException naming what is missing or malformed, and where
   */
  public static List<Row> read(Path doc, String heading, String... columns) {
    String name = displayName(doc);
    List<String> lines;
    try {
      lines = Files.readAllLines(doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + doc.toAbsolutePath().normalize(), e);
    }
    int level = 0;
    boolean fenced = false;
    List<String> header = null;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      Matcher h = fenced ? null : HEADING.matcher(line);
      if (h != null && h.matches()) {
        if (level > 0 && h.group(1).length() <= level) {
          break;
        }
        if (level == 0 && h.group(2).equals(heading)) {
          level = h.group(1).length();
        }
        continue;
      }
      if (level == 0 || fenced) {
        continue;
      }
      String where = name + " line " + (i + 1);
      if (!line.startsWith("|")) {
        if (header != null) {
          break;
        }
        continue;
      }
      List<String> cells = split(line);
      if (header == null) {
        header = cells.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (i + 1 >= lines.size() || !SEPARATOR.matcher(lines.get(i + 1).trim()).matches()) {
          throw new IllegalArgumentException(where + ": a table header without a |---| line");
        }
        i++;
        continue;
      }
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(
            where + ": " + cells.size() + " cells, the header has " + header.size());
      }
      Map<String, String> byColumn = new LinkedHashMap<>();
      for (int c = 0; c < cells.size(); c++) {
        byColumn.put(header.get(c), cells.get(c));
      }
      rows.add(new Row(where, byColumn));
    }
    if (level == 0) {
      throw new IllegalArgumentException(name + " has no heading '" + heading + "'");
    }
    if (header == null) {
      throw new IllegalArgumentException(name + " has no table under '" + heading + "'");
    }
    for (String column : columns) {
      if (!header.contains(column.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            name + ": the table under '" + heading + "' has no column '" + column + "'");
      }
    }
    return rows;
  }

  /** {@code docs/configuration.md}: the file and its folder, however the path was given. */
  static String displayName(Path doc) {
    Path full = doc.toAbsolutePath().normalize();
    Path parent = full.getParent();
    return parent == null || parent.getFileName() == null
        ? full.toString()
        : parent.getFileName() + "/" + full.getFileName();
  }

  /**
   * The cells of a table line, outer pipes dropped; {@code |} in code spans or as {@code \|} kept.
   */
  private static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean code = false;
    String body = line.substring(1);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
        cell.append('|');
        i++;
      } else if (c == '`') {
        code = !code;
        cell.append(c);
      } else if (c == '|' && !code) {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (!cell.toString().isBlank()) {
      cells.add(cell.toString().trim());
    }
    return cells;
  }
}
