package io.parkpulse.platform.maturity.reports;

import io.parkpulse.platform.api.Csv;
import io.parkpulse.platform.maturity.reports.ParkReport.Language;
import io.parkpulse.platform.maturity.reports.ParkReport.Ranked;
import io.parkpulse.platform.maturity.reports.ParkReport.Unassessed;
import io.parkpulse.platform.maturity.scoring.Assessment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A park report as CSV, one row per enterprise (ranked first, then those never assessed), for
 * spreadsheets: UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake), CRLF
 * line ends and RFC 4180 quoting. Text cells that a spreadsheet would take for a formula ({@code
 * =}, {@code +}, {@code -}, {@code @}) are prefixed with {@code '}: names are typed in by
 * enterprises.
 */
public final class ParkReportCsv {

  /** The header row, in the order of the columns. */
  public static final List<String> COLUMNS =
      List.of(
          "rank",
          "enterprise",
          "name",
          "level",
          "level_name",
          "total_s",
          "missing_s_to_next_level",
          "assessed_at",
          "catalog_version",
          "miit_equipment_networking_rate",
          "miit_equipment_networking_points",
          "miit_evidenced_base_points",
          "miit_level",
          "trend_since",
          "previous_level",
          "previous_total_s",
          "delta_s",
          "delta_level",
          "main_gap",
          "main_gap_gain",
          "main_gap_recommendation");

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private ParkReportCsv() {}

  /** The CSV file, with level names and recommendations in {@code language}. */
  public static byte[] write(ParkReport report, Language language) {
    StringBuilder csv = new StringBuilder();
    row(csv, COLUMNS);
    for (Ranked r : report.ranking()) {
      List<String> cells = new ArrayList<>();
      cells.add(String.valueOf(r.rank()));
      cells.add(r.enterprise());
      cells.add(Csv.text(r.name()));
      cells.add(String.valueOf(r.level()));
      cells.add(ParkReport.levelName(r.level(), language));
      cells.add(number(r.total()));
      cells.add(number(r.missing()));
      cells.add(r.assessedAt().toString());
      cells.add(r.catalogVersion());
      Double rate = r.miit() == null ? null : r.miit().equipmentNetworkingRate();
      cells.add(rate == null ? "" : number(rate));
      cells.add(r.miit() == null ? "" : number(r.miit().equipmentNetworkingPoints()));
      cells.add(r.miit() == null ? "" : number(r.miit().evidencedBasePoints()));
      cells.add(r.miit() == null ? "" : String.valueOf(r.miit().level()));
      cells.add(r.trend().map(t -> t.since().toString()).orElse(""));
      cells.add(r.trend().map(t -> String.valueOf(t.previousLevel())).orElse(""));
      cells.add(r.trend().map(t -> number(t.previousTotal())).orElse(""));
      cells.add(r.trend().map(t -> number(t.deltaTotal())).orElse(""));
      cells.add(r.trend().map(t -> String.valueOf(t.deltaLevel())).orElse(""));
      cells.add(r.mainGap().map(Assessment.Recommendation::requirement).orElse(""));
      cells.add(r.mainGap().map(g -> number(g.gain())).orElse(""));
      cells.add(r.mainGap().map(g -> Csv.text(language.pick(g.zh(), g.en()))).orElse(""));
      row(csv, cells);
    }
    for (Unassessed u : report.notAssessed()) {
      List<String> cells = new ArrayList<>();
      cells.add("");
      cells.add(u.enterprise());
      cells.add(Csv.text(u.name()));
      while (cells.size() < COLUMNS.size()) {
        cells.add("");
      }
      row(csv, cells);
    }
    byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[BOM.length + body.length];
    System.arraycopy(BOM, 0, file, 0, BOM.length);
    System.arraycopy(body, 0, file, BOM.length, body.length);
    return file;
  }

  /** The file name to offer: {@code north-park-maturity-2026-11-29.csv}. */
  public static String fileName(ParkReport report) {
    return report.park() + "-maturity-" + day(report.asOf()) + ".csv";
  }

  static String day(Instant instant) {
    return instant.toString().substring(0, 10);
  }

  private static void row(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(Csv.quote(cells.get(i)));
    }
    csv.append("\r\n");
  }

  /** Up to 3 decimals, no trailing zeros, no exponent: {@code 2.33}, {@code -0.5}, {@code 1}. */
  static String number(double value) {
    return BigDecimal.valueOf(value)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
