package io.parkpulse.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void formulasAreKeptFromRunning() {
    assertThat(Csv.cell("=HYPERLINK(\"http://x\",\"y\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    assertThat(Csv.cell("+cmd|' /C calc'!A0")).isEqualTo("'+cmd|' /C calc'!A0");
    assertThat(Csv.cell("-2+3")).isEqualTo("'-2+3");
    assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Csv.cell("\t=1")).isEqualTo("'\t=1");
    assertThat(Csv.cell("\r=1")).isEqualTo("\"'\r=1\"");
  }

  @Test
  void numbersAndPlainTextStayAsTheyAre() {
    assertThat(Csv.cell("-0.5")).isEqualTo("-0.5");
    assertThat(Csv.cell("-1.5e-3")).isEqualTo("-1.5e-3");
    assertThat(Csv.cell("13.973")).isEqualTo("13.973");
    assertThat(Csv.cell("RUNNING")).isEqualTo("RUNNING");
    assertThat(Csv.cell("a, b")).isEqualTo("\"a, b\"");
    assertThat(Csv.cell(null)).isEmpty();
  }
}
