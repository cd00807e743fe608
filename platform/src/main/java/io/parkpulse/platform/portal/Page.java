package io.parkpulse.platform.portal;

import io.parkpulse.platform.portal.Texts.Lang;
import io.parkpulse.platform.portal.readmodel.PortalQueries;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Map;

/**
 * What every page shows around its content and how it writes words, numbers and times: in the
 * user's language and locale, times in the park's time zone.
 */
@TemplateData
public final class Page {

  /** The time zone of parks in China, for pages that belong to no park. */
  static final ZoneId DEFAULT_ZONE = PortalQueries.DEFAULT_ZONE;

  private final Texts texts;
  private final Lang lang;
  private final Caller caller;
  private final String path;
  private final ZoneId zone;
  private final Map<String, ZoneId> parkZones;
  private final String csrf;

  /**
   * @param zone the zone of the page's park, for its times
   * @param parkZones the zones of the parks whose rows a page lists (a platform admin's lists span
   *     parks), by park id
   * @param csrf the token its forms carry ({@link Csrf})
   */
  Page(
      Texts texts,
      Lang lang,
      Caller caller,
      String path,
      ZoneId zone,
      Map<String, ZoneId> parkZones,
      String csrf) {
    this.texts = texts;
    this.lang = lang;
    this.caller = caller;
    this.path = path;
    this.zone = zone;
    this.parkZones = Map.copyOf(parkZones);
    this.csrf = csrf;
  }

  /** The message {@code key} in the page's language. */
  public String t(String key) {
    return texts.get(lang, key);
  }

  /** A message with {@code {0}} replaced by {@code arg}. */
  public String t(String key, Object arg) {
    return t(key).replace("{0}", String.valueOf(arg));
  }

  /** A message with {@code {0}}, {@code {1}} and {@code {2}} replaced by the arguments. */
  public String t(String key, Object arg0, Object arg1, Object arg2) {
    return t(key, arg0).replace("{1}", String.valueOf(arg1)).replace("{2}", String.valueOf(arg2));
  }

  /** The message {@code prefix + key}: a name of a kind, e.g. {@code tk("type.", "machine")}. */
  public String tk(String prefix, Object key) {
    return t(prefix + key);
  }

  /** The token every state-changing form of the page carries as {@code _csrf}. */
  public String csrf() {
    return csrf;
  }

  public String lang() {
    return lang.id();
  }

  public String htmlLang() {
    return lang.tag();
  }

  /** The request path, to come back to after signing in or switching the language. */
  public String path() {
    return path;
  }

  /** {@link #path()} encoded for a query parameter. */
  public String pathParam() {
    return URLEncoder.encode(path, StandardCharsets.UTF_8);
  }

  /** {@code text} encoded as a URI component, e.g. for a {@code data:} link. */
  public String uriComponent(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public boolean signedIn() {
    return caller != null;
  }

  public String user() {
    return caller == null ? "" : caller.subject();
  }

  public String role() {
    return caller == null ? "" : t("role." + caller.role().id());
  }

  /** Whether the user sees a whole park (operators and platform admins). */
  public boolean parkWide() {
    return caller != null && !caller.role().isEnterpriseRole();
  }

  /** The enterprise of an enterprise user; empty for others. */
  public String ownEnterprise() {
    return caller == null || caller.enterprise() == null ? "" : caller.enterprise();
  }

  /** Whether the user belongs to a park (everyone but platform admins). */
  public boolean hasPark() {
    return caller != null && caller.park() != null;
  }

  /** Whether the user may change things (everyone but enterprise viewers). */
  public boolean mayChange() {
    return caller != null && caller.role() != Role.ENTERPRISE_VIEWER;
  }

  /** Whether the user may verify evidence and manage alarms of the park. */
  public boolean operator() {
    return parkWide();
  }

  /** {@code value} with {@code decimals} decimals in the user's locale; "–" for NaN. */
  public String num(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "–";
    }
    NumberFormat format = NumberFormat.getNumberInstance(lang.locale());
    format.setMinimumFractionDigits(decimals);
    format.setMaximumFractionDigits(decimals);
    return format.format(value);
  }

  /** A whole number in the user's locale. */
  public String count(Number value) {
    return NumberFormat.getIntegerInstance(lang.locale()).format(value);
  }

  /** A share (0 to 1) as a percentage; "–" for NaN. */
  public String pct(double share) {
    if (Double.isNaN(share)) {
      return "–";
    }
    NumberFormat format = NumberFormat.getPercentInstance(lang.locale());
    format.setMaximumFractionDigits(share < 0.1 && share > 0 ? 1 : 0);
    return format.format(share);
  }

  /** A share (0 to 1) as a percentage with {@code decimals} decimals; "–" for NaN. */
  public String pct(double share, int decimals) {
    if (Double.isNaN(share)) {
      return "–";
    }
    NumberFormat format = NumberFormat.getPercentInstance(lang.locale());
    format.setMinimumFractionDigits(decimals);
    format.setMaximumFractionDigits(decimals);
    return format.format(share);
  }

  /** A date and time in the park's zone; "–" for null. */
  public String time(Instant at) {
    return time(at, zone);
  }

  /**
   * A date and time of a row of {@code park} in that park's zone, else in the page's; "–" for null.
   */
  public String time(Instant at, String park) {
    return time(at, park == null ? zone : parkZones.getOrDefault(park, zone));
  }

  private String time(Instant at, ZoneId in) {
    if (at == null) {
      return "–";
    }
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
        .withLocale(lang.locale())
        .withZone(in)
        .format(at);
  }

  /** The IANA id of the park's zone, e.g. for a chart's time axis. */
  public String zone() {
    return zone.getId();
  }

  /** A date in the park's zone; "–" for null. */
  public String date(Instant at) {
    if (at == null) {
      return "–";
    }
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
        .withLocale(lang.locale())
        .withZone(zone)
        .format(at);
  }

  /** How long ago {@code at} was, roughly: "3 min ago". */
  public String ago(Instant at) {
    if (at == null) {
      return t("time.never");
    }
    long seconds = Math.max(0, Duration.between(at, Instant.now()).toSeconds());
    if (seconds < 60) {
      return t("time.seconds-ago", seconds);
    }
    if (seconds < 3600) {
      return t("time.minutes-ago", seconds / 60);
    }
    if (seconds < 86_400) {
      return t("time.hours-ago", seconds / 3600);
    }
    return t("time.days-ago", seconds / 86_400);
  }

  /** A text of two languages, e.g. a catalog recommendation: the user's, else the other. */
  public String pick(String zh, String en) {
    String chosen = lang == Lang.EN ? en : zh;
    return chosen == null || chosen.isBlank() ? (lang == Lang.EN ? zh : en) : chosen;
  }
}
