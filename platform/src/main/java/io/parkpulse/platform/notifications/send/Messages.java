package io.parkpulse.platform.notifications.send;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The notifications' words, in Chinese ({@code zh}) and English ({@code en}): an alarm opened (or
 * raised again, or an enterprise's cap of open alarms reached), an alarm still unacknowledged told
 * to the next contact level, an alarm resolved, and a channel's test message. Times are written in
 * the park's zone.
 */
public final class Messages {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Messages() {}

  /**
   * The message for an alarm's {@code event} (opened, escalated, resolved) at {@code level}. An
   * alarm opened in a round after the first says it was raised again; an enterprise's summary alarm
   * says the enterprise reached its cap of open alarms.
   */
  public static Message alarm(String event, int level, String language, AlarmFacts a, Instant now) {
    boolean zh = !"en".equals(language);
    String severity = severity(a.severity(), zh);
    String enterprise = a.enterpriseName() != null ? a.enterpriseName() : a.enterprise();
    String rule =
        a.summary()
            ? (zh ? "告警数量上限（" + enterprise + "）" : "Alarm cap (" + enterprise + ")")
            : a.ruleName() != null ? a.ruleName() : a.rule();
    boolean again = a.round() > 1;
    String title;
    StringBuilder text = new StringBuilder();
    switch (event) {
      case "opened" -> {
        if (a.summary()) {
          title =
              zh
                  ? "【" + severity + "】告警数量达到上限：" + enterprise
                  : "[" + severity + "] Alarm cap reached: " + enterprise;
        } else if (again) {
          title =
              zh
                  ? "【" + severity + "】告警再次触发：" + rule
                  : "[" + severity + "] Alarm raised again: " + rule;
        } else {
          title = zh ? "【" + severity + "】告警：" + rule : "[" + severity + "] Alarm: " + rule;
        }
        text.append("### ").append(title).append("\n\n");
        if (a.summary()) {
          String cap = cap(a.value());
          text.append(
                  zh
                      ? "> 企业 "
                          + enterprise
                          + " 未关闭的告警已达上限"
                          + (cap == null ? "" : "（" + cap + " 条）")
                          + "：之后的告警只计数，不再打开（至今已计 "
                          + a.suppressed()
                          + " 次）。"
                      : "> Enterprise "
                          + enterprise
                          + " has reached its cap of "
                          + (cap == null ? "" : cap + " ")
                          + "open alarms: further ones are counted, not opened ("
                          + a.suppressed()
                          + " counted so far).")
              .append("\n\n");
        } else if (again) {
          String at = time(a.raisedAt(), a.zone());
          text.append(
                  zh
                      ? "> 此告警曾经解除，于 " + at + " 再次触发（第 " + a.round() + " 轮）。"
                      : "> It had cleared and was raised again at "
                          + at
                          + " (round "
                          + a.round()
                          + ").")
              .append("\n\n");
        }
      }
      case "escalated" -> {
        long minutes = Duration.between(a.raisedAt(), now).toMinutes();
        title =
            zh
                ? "【" + severity + "】告警升级（第 " + level + " 级）：" + rule
                : "[" + severity + "] Escalated (level " + level + "): " + rule;
        text.append("### ").append(title).append("\n\n");
        text.append(
                zh
                    ? "> 告警已 " + minutes + " 分钟无人确认。"
                    : "> Nobody has acknowledged it for " + minutes + " minutes.")
            .append("\n\n");
      }
      case "resolved" -> {
        boolean closed = "closed".equals(a.resolvedBy());
        title = zh ? "已恢复：" + rule : "Resolved: " + rule;
        text.append("### ").append(title).append("\n\n");
        String at = time(a.resolvedAt(), a.zone());
        text.append(
                zh
                    ? (closed ? "> 告警已于 " + at + " 关闭。" : "> 条件已于 " + at + " 解除。")
                    : (closed
                        ? "> The alarm was closed at " + at + "."
                        : "> The condition cleared at " + at + "."))
            .append("\n\n");
      }
      default -> throw new IllegalArgumentException("no message for event " + event);
    }
    line(text, zh, zh ? "园区" : "Park", named(a.parkName(), a.park()));
    line(text, zh, zh ? "企业" : "Enterprise", named(a.enterpriseName(), a.enterprise()));
    if (a.summary()) {
      String cap = cap(a.value());
      line(
          text,
          zh,
          zh ? "上限" : "Cap",
          cap == null ? a.value() : zh ? cap + " 条未关闭的告警" : cap + " open alarms");
      line(text, zh, zh ? "已计" : "Counted", String.valueOf(a.suppressed()));
    } else {
      line(text, zh, zh ? "设备" : "Device", named(a.deviceName(), a.device()));
      line(
          text, zh, zh ? "规则" : "Rule", rule + (zh ? "（" + severity + "）" : " (" + severity + ")"));
      line(text, zh, zh ? "测点" : "Point", a.point() + " = " + a.value());
    }
    line(
        text, zh, zh ? "时间" : "Time", time(a.openedAt(), a.zone()) + " (" + a.zone().getId() + ")");
    if (a.link() != null) {
      text.append("\n[")
          .append(zh ? "在门户中查看" : "Open in the portal")
          .append("](")
          .append(a.link())
          .append(")\n");
    }
    return new Message(event, level, title, text.toString(), facts(a));
  }

  /** The number a summary alarm's value starts with (its enterprise's cap), or null. */
  private static String cap(String value) {
    if (value == null) {
      return null;
    }
    int end = 0;
    while (end < value.length() && Character.isDigit(value.charAt(end))) {
      end++;
    }
    return end == 0 ? null : value.substring(0, end);
  }

  /** A channel's test message. */
  public static Message test(String channelName, String language, Instant now) {
    boolean zh = !"en".equals(language);
    String title = zh ? "ParkPulse 测试消息" : "ParkPulse test message";
    String text =
        "### "
            + title
            + "\n\n"
            + (zh
                ? "渠道「" + channelName + "」可以收到 ParkPulse 的告警通知（" + now + "）。"
                : "Channel '"
                    + channelName
                    + "' receives ParkPulse's alarm notifications ("
                    + now
                    + ").")
            + "\n";
    return new Message("test", 0, title, text, Map.of());
  }

  static String severity(String severity, boolean zh) {
    return switch (severity) {
      case "critical" -> zh ? "严重" : "Critical";
      case "warning" -> zh ? "警告" : "Warning";
      default -> zh ? "提示" : "Info";
    };
  }

  private static Map<String, Object> facts(AlarmFacts a) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("id", a.alarm());
    facts.put("park", a.park());
    facts.put("parkName", a.parkName());
    facts.put("enterprise", a.enterprise());
    facts.put("enterpriseName", a.enterpriseName());
    facts.put("device", a.device());
    facts.put("deviceName", a.deviceName());
    facts.put("rule", a.rule());
    facts.put("ruleName", a.ruleName());
    facts.put("point", a.point());
    facts.put("value", a.value());
    facts.put("severity", a.severity());
    facts.put("openedAt", a.openedAt().toString());
    facts.put("zone", a.zone().getId());
    facts.put("link", a.link());
    facts.put("round", a.round());
    facts.put("raisedAt", a.raisedAt().toString());
    facts.put("summary", a.summary());
    if (a.summary()) {
      facts.put("suppressed", a.suppressed());
    }
    if (a.resolvedBy() != null) {
      facts.put("resolvedBy", a.resolvedBy());
      facts.put("resolvedAt", a.resolvedAt().toString());
    }
    return facts;
  }

  private static void line(StringBuilder text, boolean zh, String label, String value) {
    text.append("- ").append(label).append(zh ? "：" : ": ").append(value).append('\n');
  }

  private static String named(String name, String id) {
    return name == null || name.equals(id) ? id : name + " (" + id + ")";
  }

  private static String time(Instant at, ZoneId zone) {
    return TIME.format(at.atZone(zone));
  }
}
