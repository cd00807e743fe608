package io.parkpulse.platform.portal;

import io.parkpulse.platform.mu.MuService.InputRequest;
import io.parkpulse.platform.mu.MuService.InputView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An enterprise's 亩均 inputs for a year as typed: land in 亩, tax and sales in 万元. A blank field is
 * not known yet (the enterprise then stays unclassified); a comma may stand for the decimal point.
 */
public record MuInputForm(
    String enterprise, String landMu, String tax10kYuan, String sales10kYuan) {

  /** An empty form for {@code enterprise}. */
  static MuInputForm empty(String enterprise) {
    return new MuInputForm(enterprise == null ? "" : enterprise, "", "", "");
  }

  /** The form filled with what was entered for the enterprise. */
  static MuInputForm of(InputView input) {
    return new MuInputForm(
        input.enterprise(),
        text(input.landMu()),
        text(input.tax10kYuan()),
        text(input.sales10kYuan()));
  }

  /** The message keys of what is wrong, in the order of the fields; empty if nothing. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (FormValues.blank(enterprise)) {
      problems.add("mu.enterprise-missing");
    }
    if (!FormValues.blank(landMu) && !above(FormValues.decimal(landMu), false)) {
      problems.add("mu.land-invalid");
    }
    if (!FormValues.blank(tax10kYuan) && !above(FormValues.decimal(tax10kYuan), true)) {
      problems.add("mu.tax-invalid");
    }
    if (!FormValues.blank(sales10kYuan) && !above(FormValues.decimal(sales10kYuan), true)) {
      problems.add("mu.sales-invalid");
    }
    return problems;
  }

  /** The inputs typed; call once {@link #problems()} is empty. */
  InputRequest request() {
    return new InputRequest(number(landMu), number(tax10kYuan), number(sales10kYuan));
  }

  private static boolean above(BigDecimal v, boolean zeroAllowed) {
    if (v == null || !Double.isFinite(v.doubleValue())) {
      return false;
    }
    return zeroAllowed ? v.signum() >= 0 : v.signum() > 0;
  }

  private static Double number(String s) {
    BigDecimal v = FormValues.decimal(s);
    return v == null ? null : v.doubleValue();
  }

  /** A figure as the form shows it: as entered, without a trailing {@code .0}. */
  static String text(Double v) {
    return v == null ? "" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
