package io.parkpulse.platform.reports;

import java.util.Locale;
import java.util.Optional;

/** The languages reports are written in: Chinese, the default, and English. */
public enum ReportLanguage {
  ZH("zh", Locale.SIMPLIFIED_CHINESE),
  EN("en", Locale.UK);

  private final String id;
  private final Locale locale;

  ReportLanguage(String id, Locale locale) {
    this.id = id;
    this.locale = locale;
  }

  /** {@code zh} or {@code en}, as a query parameter or a file name has it. */
  public String id() {
    return id;
  }

  public Locale locale() {
    return locale;
  }

  /** The text of this language among two. */
  public String pick(String zh, String en) {
    return this == ZH ? zh : en;
  }

  /** The language {@code zh} or {@code en}, the default (Chinese) for null or blank. */
  public static Optional<ReportLanguage> of(String id) {
    if (id == null || id.isBlank()) {
      return Optional.of(ZH);
    }
    for (ReportLanguage l : values()) {
      if (l.id.equalsIgnoreCase(id.strip())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
