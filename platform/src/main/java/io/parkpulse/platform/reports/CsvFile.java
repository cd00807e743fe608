package io.parkpulse.platform.reports;

import io.parkpulse.platform.api.Csv;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CSV file for spreadsheets: UTF-8 with a byte-order mark (without it Excel reads Chinese as
 * mojibake), CRLF line ends, RFC 4180 quoting, and text that a spreadsheet would run as a formula
 * kept as text ({@link Csv}). Sections of different columns follow each other after a blank line,
 * each with its own header row.
 */
public final class CsvFile {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final StringBuilder csv = new StringBuilder();

  /** A row of text cells (names, ids, sources): each kept from being read as a formula. */
  public CsvFile row(List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(Csv.cell(cells.get(i)));
    }
    csv.append("\r\n");
    return this;
  }

  /** An empty line, before a section of other columns. */
  public CsvFile blank() {
    csv.append("\r\n");
    return this;
  }

  /** The file's bytes, the byte-order mark first. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(BOM);
    out.writeBytes(csv.toString().getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /**
   * A number for a cell: at most {@code decimals} decimals, no trailing zeros, no exponent ({@code
   * 0.5306}, {@code 1000}); empty for NaN, an infinity or null.
   */
  public static String number(Double value, int decimals) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return "";
    }
    BigDecimal v =
        BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    return v.signum() == 0 ? "0" : v.toPlainString();
  }
}
