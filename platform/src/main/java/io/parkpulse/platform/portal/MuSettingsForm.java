package io.parkpulse.platform.portal;

import io.parkpulse.platform.mu.MuService.SettingsRequest;
import io.parkpulse.platform.mu.ranking.MuSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The park's 亩均 weights and class shares as typed, in percent (45 for a weight of 0.45), and the
 * cap as a multiple of the park's benchmark. A blank field takes the default.
 */
public record MuSettingsForm(
    String taxPerMu,
    String salesPerMu,
    String taxPerTce,
    String shareA,
    String shareB,
    String shareD,
    String cap) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** The form filled with the settings in use. */
  static MuSettingsForm of(MuSettings s) {
    return new MuSettingsForm(
        percent(s.taxPerMuWeight()),
        percent(s.salesPerMuWeight()),
        percent(s.taxPerTceWeight()),
        percent(s.shareA()),
        percent(s.shareB()),
        percent(s.shareD()),
        MuInputForm.text(s.cap()));
  }

  /**
   * The message keys of what is wrong: a field that is not a percentage from 0 to 100 (or a cap
   * below 1), weights that do not add up to 100 % or shares above 100 % (blank fields counted at
   * their defaults); empty if nothing.
   */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    boolean numbers = true;
    for (String field : Arrays.asList(taxPerMu, salesPerMu, taxPerTce)) {
      if (!percentOrBlank(field)) {
        problems.add("mu.weight-invalid");
        numbers = false;
        break;
      }
    }
    for (String field : Arrays.asList(shareA, shareB, shareD)) {
      if (!percentOrBlank(field)) {
        problems.add("mu.share-invalid");
        numbers = false;
        break;
      }
    }
    if (!FormValues.blank(cap)) {
      BigDecimal c = FormValues.decimal(cap);
      if (c == null || c.compareTo(BigDecimal.ONE) < 0 || !Double.isFinite(c.doubleValue())) {
        problems.add("mu.cap-invalid");
      }
    }
    if (numbers) {
      SettingsRequest r = request();
      MuSettings d = MuSettings.defaults();
      double weights =
          or(r.taxPerMuWeight(), d.taxPerMuWeight())
              + or(r.salesPerMuWeight(), d.salesPerMuWeight())
              + or(r.taxPerTceWeight(), d.taxPerTceWeight());
      if (Math.abs(weights - 1) > 1e-9) {
        problems.add("mu.weights-sum");
      }
      double shares =
          or(r.shareA(), d.shareA()) + or(r.shareB(), d.shareB()) + or(r.shareD(), d.shareD());
      if (shares > 1 + 1e-9) {
        problems.add("mu.shares-sum");
      }
    }
    return problems;
  }

  /** The settings typed, as shares of 1; blank fields null. */
  SettingsRequest request() {
    return new SettingsRequest(
        fraction(taxPerMu),
        fraction(salesPerMu),
        fraction(taxPerTce),
        fraction(shareA),
        fraction(shareB),
        fraction(shareD),
        FormValues.decimal(cap) == null ? null : FormValues.decimal(cap).doubleValue());
  }

  private static boolean percentOrBlank(String field) {
    if (FormValues.blank(field)) {
      return true;
    }
    BigDecimal v = FormValues.decimal(field);
    return v != null && v.signum() >= 0 && v.compareTo(HUNDRED) <= 0;
  }

  private static Double fraction(String field) {
    BigDecimal v = FormValues.decimal(field);
    return v == null ? null : v.movePointLeft(2).doubleValue();
  }

  private static String percent(double share) {
    return BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  private static double or(Double v, double fallback) {
    return v == null ? fallback : v;
  }
}
