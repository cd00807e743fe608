package io.parkpulse.platform.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.notifications.send.AlarmFacts;
import io.parkpulse.platform.notifications.send.Delivery;
import io.parkpulse.platform.notifications.send.Destinations;
import io.parkpulse.platform.notifications.send.Message;
import io.parkpulse.platform.notifications.send.Messages;
import io.parkpulse.platform.notifications.send.Sender;
import io.parkpulse.platform.notifications.send.Target;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The payloads and signatures each channel kind sends, checked by a local HTTP receiver that
 * recomputes the signatures on its own.
 */
class SenderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
  private static final AlarmFacts ALARM =
      firstRound(
          42,
          "north",
          "北园区",
          "acme",
          "Acme 压缩机",
          "comp-1",
          "1号空压机",
          "too-hot",
          "排气温度过高",
          "temp",
          "96.5",
          "critical",
          Instant.parse("2026-12-06T07:55:00Z"),
          ZoneId.of("Asia/Shanghai"),
          "https://portal.example/portal/alarms",
          null,
          null);

  private static Receiver receiver;

  /** The receiver listens on loopback, which the platform's operator allowed. */
  private final Sender sender =
      new Sender(null, Duration.ofSeconds(5), new Destinations(List.of("127.0.0.0/8")));

  @BeforeAll
  static void start() throws Exception {
    receiver = new Receiver();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void refusesToReachTheLocalNetworkUnlessItIsAllowed() {
    Sender shut = new Sender(null, Duration.ofSeconds(5), new Destinations(List.of()));
    Message message = Messages.alarm("opened", 1, "en", ALARM, NOW);

    Delivery d =
        shut.send(new Target("hook", "webhook", receiver.url("/shut"), null), 8, message, NOW);
    Delivery robot =
        shut.send(
            new Target("ding", "dingtalk", receiver.url("/shut-ding"), "SEC1"), 9, message, NOW);

    // Refused, not failed: a refusal is not retried.
    assertThat(d.ok()).isFalse();
    assertThat(d.permanent()).isTrue();
    assertThat(d.error()).contains("127.0.0.1 is an internal address");
    assertThat(robot.ok()).isFalse();
    assertThat(robot.permanent()).isTrue();
    assertThat(receiver.on("/shut")).isEmpty();
    assertThat(receiver.on("/shut-ding")).isEmpty();
  }

  @Test
  void signsAWebhookOverTimestampAndBody() throws Exception {
    Message message = Messages.alarm("opened", 1, "en", ALARM, NOW);
    Delivery d =
        sender.send(
            new Target("hook", "webhook", receiver.url("/hook"), "s3cret"), 7, message, NOW);

    assertThat(d.ok()).isTrue();
    assertThat(d.httpStatus()).isEqualTo(200);
    Receiver.Request r = receiver.on("/hook").get(0);
    String timestamp = r.header("X-ParkPulse-Timestamp");
    assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
    assertThat(r.header("X-ParkPulse-Signature")).isEqualTo(expected);
    assertThat(r.header("X-ParkPulse-Notification")).isEqualTo("7");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("event").asText()).isEqualTo("opened");
    assertThat(body.get("alarm").get("id").asLong()).isEqualTo(42);
    assertThat(body.get("alarm").get("severity").asText()).isEqualTo("critical");
    assertThat(body.get("alarm").get("link").asText())
        .isEqualTo("https://portal.example/portal/alarms");
    assertThat(body.get("text").asText()).contains("2026-12-06 15:55:00 (Asia/Shanghai)");
  }

  @Test
  void sendsAWeComRobotItsMarkdownMessage() throws Exception {
    Message message = Messages.alarm("opened", 1, "zh", ALARM, NOW);
    Delivery d =
        sender.send(
            new Target("wecom", "wecom", receiver.url("/wecom?key=abc-123"), null),
            8,
            message,
            NOW);

    assertThat(d.ok()).isTrue();
    Receiver.Request r = receiver.on("/wecom").get(0);
    assertThat(r.query()).isEqualTo("key=abc-123");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
    String content = body.get("markdown").get("content").asText();
    assertThat(content)
        .contains("【严重】告警：排气温度过高")
        .contains("北园区 (north)")
        .contains("1号空压机 (comp-1)")
        .contains("temp = 96.5")
        .contains("2026-12-06 15:55:00")
        .contains("[在门户中查看](https://portal.example/portal/alarms)");
    assertThat(body.size()).isEqualTo(2);
  }

  @Test
  void signsADingTalkRobotsUrlAsDingTalkChecksIt() throws Exception {
    Message message = Messages.alarm("escalated", 2, "zh", ALARM, NOW);
    Delivery d =
        sender.send(
            new Target("ding", "dingtalk", receiver.url("/ding?access_token=tok"), "SECabc"),
            9,
            message,
            NOW);

    assertThat(d.ok()).isTrue();
    Receiver.Request r = receiver.on("/ding").get(0);
    Map<String, String> query = new LinkedHashMap<>();
    for (String p : r.query().split("&")) {
      String[] kv = p.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(query).containsEntry("access_token", "tok");
    assertThat(query.get("timestamp")).isEqualTo(Long.toString(NOW.toEpochMilli()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("SECabc".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected =
        mac.doFinal((query.get("timestamp") + "\n" + "SECabc").getBytes(StandardCharsets.UTF_8));
    assertThat(Base64.getDecoder().decode(query.get("sign"))).isEqualTo(expected);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
    assertThat(body.get("markdown").get("title").asText()).isEqualTo("【严重】告警升级（第 2 级）：排气温度过高");
    assertThat(body.get("markdown").get("text").asText()).contains("告警已 5 分钟无人确认");
  }

  @Test
  void retriesServerErrorsAndGivesUpOnRefusals() {
    Message message = Messages.test("ops", "en", NOW);
    Delivery failed =
        sender.send(new Target("f", "webhook", receiver.url("/fail"), null), 1, message, NOW);
    Delivery refused =
        sender.send(new Target("r", "webhook", receiver.url("/refuse"), null), 2, message, NOW);
    Delivery unreachable =
        sender.send(new Target("u", "webhook", "http://127.0.0.1:1/x", null), 3, message, NOW);

    assertThat(failed.ok()).isFalse();
    assertThat(failed.permanent()).isFalse();
    assertThat(failed.httpStatus()).isEqualTo(500);
    assertThat(failed.error()).startsWith("HTTP 500");
    assertThat(refused.permanent()).isTrue();
    assertThat(refused.httpStatus()).isEqualTo(400);
    assertThat(unreachable.ok()).isFalse();
    assertThat(unreachable.permanent()).isFalse();
    assertThat(unreachable.httpStatus()).isNull();
    assertThat(unreachable.error()).startsWith("no answer from 127.0.0.1");
  }

  @Test
  void writesResolvedNoticesInEnglishAndChinese() {
    AlarmFacts cleared =
        firstRound(
            42,
            "north",
            "North",
            "acme",
            "Acme",
            "comp-1",
            "comp-1",
            "too-hot",
            "Too hot",
            "temp",
            "96.5",
            "warning",
            ALARM.openedAt(),
            ZoneId.of("Asia/Shanghai"),
            null,
            "cleared",
            Instant.parse("2026-12-06T08:10:00Z"));

    Message en = Messages.alarm("resolved", 1, "en", cleared, NOW);
    Message zh = Messages.alarm("resolved", 1, "zh", cleared, NOW);

    assertThat(en.title()).isEqualTo("Resolved: Too hot");
    assertThat(en.text()).contains("The condition cleared at 2026-12-06 16:10:00.");
    assertThat(en.text()).doesNotContain("portal");
    assertThat(zh.title()).isEqualTo("已恢复：Too hot");
    assertThat(zh.text()).contains("条件已于 2026-12-06 16:10:00 解除");
    assertThat(en.facts()).containsEntry("resolvedBy", "cleared");
  }

  /** A rule's alarm in its first round, as the planner writes it. */
  private static AlarmFacts firstRound(
      long alarm,
      String park,
      String parkName,
      String enterprise,
      String enterpriseName,
      String device,
      String deviceName,
      String rule,
      String ruleName,
      String point,
      String value,
      String severity,
      Instant openedAt,
      ZoneId zone,
      String link,
      String resolvedBy,
      Instant resolvedAt) {
    return new AlarmFacts(
        alarm,
        park,
        parkName,
        enterprise,
        enterpriseName,
        device,
        deviceName,
        rule,
        ruleName,
        point,
        value,
        severity,
        openedAt,
        zone,
        link,
        resolvedBy,
        resolvedAt,
        1,
        openedAt,
        false,
        0);
  }
}
