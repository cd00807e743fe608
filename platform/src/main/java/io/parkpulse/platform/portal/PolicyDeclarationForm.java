package io.parkpulse.platform.portal;

import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import java.math.BigDecimal;

/**
 * A declared KPI of the park's policy sheet as typed: a share in percent (0 to 100) or, for a
 * yes/no KPI, {@code 1} or {@code 0}; and a note.
 */
public record PolicyDeclarationForm(String value, String note) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * The message key of what is wrong with the value of a KPI measured in {@code unit} ({@code
   * share} or {@code yes-no}), or null if nothing.
   */
  String problem(String unit) {
    BigDecimal v = FormValues.decimal(value);
    if ("yes-no".equals(unit)) {
      return v != null && (v.compareTo(BigDecimal.ONE) == 0 || v.signum() == 0)
          ? null
          : "policy.yes-no-invalid";
    }
    return v != null && v.signum() >= 0 && v.compareTo(HUNDRED) <= 0
        ? null
        : "policy.percent-invalid";
  }

  /**
   * The declaration with its evidence (both null without a document): a percentage becomes the
   * share the service takes. Call once {@link #problem} is null.
   */
  DeclarationRequest request(String unit, String attachmentName, String attachmentBase64) {
    BigDecimal v = FormValues.decimal(value);
    double declared = "yes-no".equals(unit) ? v.doubleValue() : v.movePointLeft(2).doubleValue();
    return new DeclarationRequest(
        declared,
        note == null || note.isBlank() ? null : note.strip(),
        attachmentName,
        attachmentBase64);
  }
}
