package io.parkpulse.platform.portal;

import io.parkpulse.platform.tenancy.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * The five limits of a park's or an enterprise's form as typed: blank is not set (the next level's
 * value applies), {@code 0} is no limit. Each field's message key is also its label.
 */
public record LimitsForm(
    String maxConnections,
    String deviceMessagesPerSecond,
    String enterpriseMessagesPerSecond,
    String deviceBytesPerDay,
    String enterpriseBytesPerDay) {

  /** The form filled with what is set now. */
  static LimitsForm of(Limits limits) {
    return new LimitsForm(
        text(limits.maxConnections()),
        text(limits.deviceMessagesPerSecond()),
        text(limits.enterpriseMessagesPerSecond()),
        text(limits.deviceBytesPerDay()),
        text(limits.enterpriseBytesPerDay()));
  }

  /**
   * The labels' message keys of the fields that are neither blank nor a whole number from 0 (that
   * fits the limit); empty if none.
   */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    check(maxConnections, Integer.MAX_VALUE, "settings.max-connections", problems);
    check(deviceMessagesPerSecond, Integer.MAX_VALUE, "settings.device-messages", problems);
    check(enterpriseMessagesPerSecond, Integer.MAX_VALUE, "settings.enterprise-messages", problems);
    check(deviceBytesPerDay, Long.MAX_VALUE, "settings.device-bytes", problems);
    check(enterpriseBytesPerDay, Long.MAX_VALUE, "settings.enterprise-bytes", problems);
    return problems;
  }

  /** The limits typed; call once {@link #problems()} is empty. */
  Limits limits() {
    return new Limits(
        integer(maxConnections),
        integer(deviceMessagesPerSecond),
        integer(enterpriseMessagesPerSecond),
        FormValues.wholeNumber(deviceBytesPerDay),
        FormValues.wholeNumber(enterpriseBytesPerDay));
  }

  private static void check(String field, long max, String label, List<String> problems) {
    if (FormValues.blank(field)) {
      return;
    }
    Long value = FormValues.wholeNumber(field);
    if (value == null || value < 0 || value > max) {
      problems.add(label);
    }
  }

  private static Integer integer(String s) {
    Long value = FormValues.wholeNumber(s);
    return value == null || value > Integer.MAX_VALUE ? null : value.intValue();
  }

  private static String text(Number n) {
    return n == null ? "" : n.toString();
  }
}
