package io.parkpulse.platform.portal;

import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.ItemView;
import io.parkpulse.platform.maturity.miit.MiitItems;

/**
 * A MIIT declaration as typed in its form: a scenario's level or a base item's points, and a note.
 */
public record DeclarationForm(String value, String note) {

  /**
   * The message key of what is wrong with the value for {@code item}, or null if nothing; the
   * message takes the item's highest value as its argument.
   */
  String problem(ItemView item) {
    Double v = number();
    if (v == null) {
      return "declarations.value-invalid";
    }
    if (item.kind() == MiitItems.Kind.SCENARIO) {
      return v == Math.rint(v) && v >= 0 && v <= item.max() ? null : "declarations.level-range";
    }
    return v >= 0 && v <= item.max() ? null : "declarations.points-range";
  }

  /** The declaration with its evidence (both null without a document). */
  DeclarationRequest request(String attachmentName, String attachmentBase64) {
    return new DeclarationRequest(
        number(),
        note == null || note.isBlank() ? null : note.strip(),
        attachmentName,
        attachmentBase64);
  }

  /** The value, a comma taken as the decimal point; null if it is not a finite number. */
  private Double number() {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double v = Double.parseDouble(value.strip().replace(',', '.'));
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
