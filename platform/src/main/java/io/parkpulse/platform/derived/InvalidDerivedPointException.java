package io.parkpulse.platform.derived;

/** A derived point a profile cannot have: which field is at fault and why. */
public final class InvalidDerivedPointException extends Exception {

  private final String field;

  InvalidDerivedPointException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The field at fault, e.g. {@code derived.power_kw.expression}. */
  public String field() {
    return field;
  }
}
