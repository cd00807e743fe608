package io.parkpulse.platform.maturity.declarations;

/** Where the park operator's check of a declaration's evidence stands. */
public enum Verification {
  /** Declared (or declared again) and not checked since. */
  PENDING,
  VERIFIED,
  REJECTED
}
