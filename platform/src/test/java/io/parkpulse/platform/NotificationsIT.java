package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.alarms.AlarmEvents;
import io.parkpulse.platform.alarms.ingest.AlarmStore;
import io.parkpulse.platform.alarms.rules.RuleState.Change;
import io.parkpulse.platform.notifications.Receiver;
import io.parkpulse.platform.notifications.jobs.NotificationDelivery;
import io.parkpulse.platform.notifications.jobs.NotificationPlanner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alarm notifications end to end: channels set through the API, the planner and the delivery run at
 * chosen times, a local HTTP receiver and a real SMTP server on the other side.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
@WithTestResource(MailTestResource.class)
class NotificationsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Receiver receiver;

  @Inject DataSource dataSource;
  @Inject NotificationPlanner planner;
  @Inject NotificationDelivery delivery;
  @Inject MeterRegistry meters;
  @Inject AlarmEvents events;
  GreenMail mail;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new Receiver();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void tellsEachChannelInItsFormatEscalatesTheUnacknowledgedAndSaysWhenResolved() throws Exception {
    Api admin = tenant("ntf-a", "ntf-a-co");
    channel(admin, "parks/ntf-a", "ntf-a-hook", "webhook", receiver.url("/a/hook"), "hook-key", 1);
    channel(
        admin,
        "enterprises/ntf-a-co",
        "ntf-a-wecom",
        "wecom",
        receiver.url("/a/wecom?key=k1"),
        null,
        1);
    channel(
        admin,
        "enterprises/ntf-a-co",
        "ntf-a-ding",
        "dingtalk",
        receiver.url("/a/ding?access_token=t1"),
        "SECding",
        2);
    Map<String, Object> mailChannel = channelBody("ntf-a-mail", "email", null, null, 1);
    mailChannel.put("to", List.of("ops@ntf.test"));
    mailChannel.put("language", "en");
    admin
        .request()
        .body(mailChannel)
        .post("/api/v1/enterprises/ntf-a-co/notification-channels")
        .then()
        .statusCode(201);
    Map<String, Object> criticalOnly =
        channelBody("ntf-a-critical", "webhook", receiver.url("/a/critical"), null, 1);
    criticalOnly.put("minSeverity", "critical");
    admin
        .request()
        .body(criticalOnly)
        .post("/api/v1/parks/ntf-a/notification-channels")
        .then()
        .statusCode(201);
    admin
        .request()
        .body(Map.of("levels", List.of(Map.of("level", 2, "warningSeconds", 300))))
        .put("/api/v1/enterprises/ntf-a-co/escalation-levels")
        .then()
        .statusCode(200);

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long unanswered = alarm("ntf-a", "ntf-a-co", "ntf-a-dev1", t0);
    long acknowledged = alarm("ntf-a", "ntf-a-co", "ntf-a-dev2", t0);

    assertThat(planner.plan(t0)).as("two alarms to three level-1 channels").isEqualTo(6);
    assertThat(planner.plan(t0)).as("each step is planned once").isZero();
    assertThat(delivery.run(t0).sent()).isEqualTo(6);

    List<Receiver.Request> hooks = receiver.on("/a/hook");
    assertThat(hooks).hasSize(2);
    for (Receiver.Request hook : hooks) {
      assertThat(hook.header("X-ParkPulse-Signature"))
          .isEqualTo(
              webhookSignature("hook-key", hook.header("X-ParkPulse-Timestamp"), hook.body()));
      JsonNode body = JSON.readTree(hook.body());
      assertThat(body.get("event").asText()).isEqualTo("opened");
      assertThat(body.get("alarm").get("link").asText())
          .isEqualTo("https://portal.ntf.test/portal/alarms");
    }
    List<Receiver.Request> wecom = receiver.on("/a/wecom");
    assertThat(wecom).hasSize(2);
    assertThat(wecom.get(0).query()).isEqualTo("key=k1");
    JsonNode robot = JSON.readTree(wecom.get(0).body());
    assertThat(robot.get("msgtype").asText()).isEqualTo("markdown");
    assertThat(robot.get("markdown").get("content").asText())
        .contains("【警告】告警：Too hot ntf-a")
        .contains("Enterprise ntf-a-co (ntf-a-co)");
    List<MimeMessage> mails = mailTo("ops@ntf.test");
    assertThat(mails).hasSize(2);
    assertThat(mails.get(0).getSubject()).isEqualTo("[Warning] Alarm: Too hot ntf-a");
    assertThat(receiver.on("/a/critical")).as("below the channel's minimum severity").isEmpty();
    assertThat(receiver.on("/a/ding")).as("level 2 waits").isEmpty();

    admin.request().post("/api/v1/alarms/" + acknowledged + "/acknowledge").then().statusCode(200);
    assertThat(planner.plan(t0.plus(Duration.ofMinutes(4)))).isZero();
    Instant escalation = t0.plus(Duration.ofSeconds(301));
    assertThat(planner.plan(escalation)).as("only the unacknowledged alarm escalates").isEqualTo(1);
    assertThat(delivery.run(escalation).sent()).isEqualTo(1);
    List<Receiver.Request> ding = receiver.on("/a/ding");
    assertThat(ding).hasSize(1);
    Map<String, String> query = query(ding.get(0).query());
    assertThat(query).containsEntry("access_token", "t1");
    assertThat(Base64.getDecoder().decode(query.get("sign")))
        .isEqualTo(hmac("SECding", query.get("timestamp") + "\n" + "SECding"));
    JsonNode escalated = JSON.readTree(ding.get(0).body());
    assertThat(escalated.get("markdown").get("title").asText())
        .isEqualTo("【警告】告警升级（第 2 级）：Too hot ntf-a");
    assertThat(escalated.get("markdown").get("text").asText()).contains("告警已 5 分钟无人确认");

    Instant cleared = t0.plus(Duration.ofMinutes(6));
    sql("UPDATE alarm SET cleared_at = ? WHERE id = ?", Timestamp.from(cleared), unanswered);
    assertThat(planner.plan(cleared)).as("every channel that was told").isEqualTo(4);
    assertThat(delivery.run(cleared).sent()).isEqualTo(4);
    assertThat(
            JSON.readTree(receiver.on("/a/ding").get(1).body())
                .get("markdown")
                .get("title")
                .asText())
        .isEqualTo("已恢复：Too hot ntf-a");
    assertThat(mailTo("ops@ntf.test")).hasSize(3);

    List<Map<String, Object>> told = notificationsOf(admin, unanswered);
    assertThat(told)
        .extracting(n -> n.get("event") + ":" + n.get("channel"))
        .containsExactlyInAnyOrder(
            "opened:ntf-a-hook",
            "opened:ntf-a-wecom",
            "opened:ntf-a-mail",
            "escalated:ntf-a-ding",
            "resolved:ntf-a-hook",
            "resolved:ntf-a-wecom",
            "resolved:ntf-a-mail",
            "resolved:ntf-a-ding");
    assertThat(told)
        .allSatisfy(
            n -> {
              assertThat(n.get("status")).isEqualTo("sent");
              assertThat(n.get("attempts")).isEqualTo(1);
              assertThat((List<?>) n.get("attemptLog")).hasSize(1);
            });
  }

  @Test
  void retriesAFailingChannelWithBackoffThenMarksItDead() throws Exception {
    Api admin = tenant("ntf-b", "ntf-b-co");
    channel(admin, "parks/ntf-b", "ntf-b-fail", "webhook", receiver.url("/fail/b"), null, 1);
    channel(admin, "parks/ntf-b", "ntf-b-refuse", "webhook", receiver.url("/refuse/b"), null, 1);
    double deadBefore = meters.counter("parkpulse.notifications.dead", "kind", "webhook").count();

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long alarm = alarm("ntf-b", "ntf-b-co", "ntf-b-dev", t0);
    assertThat(planner.plan(t0)).isEqualTo(2);
    NotificationDelivery.Run first = delivery.run(t0);
    assertThat(first.failed()).isEqualTo(1);
    assertThat(first.dead()).as("a 400 is not worth another try").isEqualTo(1);

    delivery.run(t0.plusSeconds(4));
    assertThat(receiver.on("/fail/b")).as("not before the first delay").hasSize(1);
    delivery.run(t0.plusSeconds(5));
    assertThat(receiver.on("/fail/b")).hasSize(2);
    delivery.run(t0.plusSeconds(34));
    assertThat(receiver.on("/fail/b")).as("not before the second delay").hasSize(2);
    assertThat(delivery.run(t0.plusSeconds(35)).dead()).isEqualTo(1);
    delivery.run(t0.plus(Duration.ofHours(1)));
    assertThat(receiver.on("/fail/b")).as("no attempt after the last").hasSize(3);
    assertThat(receiver.on("/refuse/b")).hasSize(1);
    assertThat(meters.counter("parkpulse.notifications.dead", "kind", "webhook").count())
        .isEqualTo(deadBefore + 2);

    List<Map<String, Object>> told = notificationsOf(admin, alarm);
    Map<String, Object> failing =
        told.stream().filter(n -> "ntf-b-fail".equals(n.get("channel"))).findFirst().orElseThrow();
    assertThat(failing.get("status")).isEqualTo("dead");
    assertThat(failing.get("attempts")).isEqualTo(3);
    assertThat(failing.get("httpStatus")).isEqualTo(500);
    assertThat((List<Map<String, Object>>) failing.get("attemptLog"))
        .extracting(a -> a.get("httpStatus"))
        .containsExactly(500, 500, 500);
    Map<String, Object> refused =
        told.stream()
            .filter(n -> "ntf-b-refuse".equals(n.get("channel")))
            .findFirst()
            .orElseThrow();
    assertThat(refused.get("status")).isEqualTo("dead");
    assertThat(refused.get("attempts")).isEqualTo(1);
    assertThat((String) refused.get("error")).startsWith("HTTP 400");
  }

  @Test
  void holdsBackWhatIsOverAChannelsRateAndSendsItLater() throws Exception {
    Api admin = tenant("ntf-c", "ntf-c-co");
    Map<String, Object> slow =
        channelBody("ntf-c-slow", "webhook", receiver.url("/c/slow"), null, 1);
    slow.put("perMinute", 2);
    admin
        .request()
        .body(slow)
        .post("/api/v1/parks/ntf-c/notification-channels")
        .then()
        .statusCode(201);

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int i = 1; i <= 5; i++) {
      alarm("ntf-c", "ntf-c-co", "ntf-c-dev" + i, t0);
    }
    assertThat(planner.plan(t0)).isEqualTo(5);
    NotificationDelivery.Run first = delivery.run(t0);
    assertThat(first.sent()).isEqualTo(2);
    assertThat(first.delayed()).isEqualTo(3);
    delivery.run(t0.plusSeconds(30));
    assertThat(receiver.on("/c/slow")).hasSize(2);
    assertThat(delivery.run(t0.plusSeconds(60)).sent()).isEqualTo(2);
    assertThat(delivery.run(t0.plusSeconds(120)).sent()).isEqualTo(1);
    assertThat(receiver.on("/c/slow")).as("delayed, not dropped").hasSize(5);
  }

  @Test
  void channelsBelongToTheirOwnersAndNeverShowTheirSecrets() throws Exception {
    Api admin = tenant("ntf-d", "ntf-d-co");
    admin.enterprise("ntf-d", "ntf-d-rival");
    Api owner = admin.user("ntf-d-admin", "enterprise-admin", null, "ntf-d-co");
    Api rival = admin.user("ntf-d-rival-admin", "enterprise-admin", null, "ntf-d-rival");
    Api viewer = admin.user("ntf-d-viewer", "enterprise-viewer", null, "ntf-d-co");

    channel(
        owner,
        "enterprises/ntf-d-co",
        "ntf-d-ding",
        "dingtalk",
        receiver.url("/d/ding?access_token=tok-9f3a"),
        "SECsecret",
        1);
    channel(
        owner, "enterprises/ntf-d-co", "ntf-d-fail", "webhook", receiver.url("/fail/d"), null, 1);
    List<Map<String, Object>> listed =
        owner
            .request()
            .get("/api/v1/enterprises/ntf-d-co/notification-channels")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    Map<String, Object> ding = listed.get(0);
    assertThat(ding.get("id")).isEqualTo("ntf-d-ding");
    assertThat(ding.get("secretSet")).isEqualTo(true);
    assertThat(ding).doesNotContainKey("secret");
    assertThat((String) ding.get("url")).endsWith("/d/ding?access_token=***");
    String audit =
        admin.request().queryParam("enterprise", "ntf-d-co").get("/api/v1/audit").asString();
    assertThat(audit)
        .contains("notification-channel.create")
        .doesNotContain("SECsecret")
        .doesNotContain("tok-9f3a");

    rival
        .request()
        .get("/api/v1/enterprises/ntf-d-co/notification-channels")
        .then()
        .statusCode(404);
    rival
        .request()
        .body(channelBody("ntf-d-ding", "webhook", receiver.url("/x"), null, 1))
        .put("/api/v1/enterprises/ntf-d-rival/notification-channels/ntf-d-ding")
        .then()
        .statusCode(404);
    rival
        .request()
        .delete("/api/v1/enterprises/ntf-d-co/notification-channels/ntf-d-ding")
        .then()
        .statusCode(404);
    rival.request().get("/api/v1/parks/ntf-d/notification-channels").then().statusCode(403);
    viewer
        .request()
        .get("/api/v1/enterprises/ntf-d-co/notification-channels")
        .then()
        .statusCode(403);
    // Only loopback is allowed here (MailTestResource): the platform's other networks stay shut.
    for (String internal :
        List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.5:8080/hook",
            "https://[fd00::7]/hook",
            "http://[::ffff:192.168.1.20]/hook")) {
      owner
          .request()
          .body(channelBody("ntf-d-inside", "webhook", internal, null, 1))
          .post("/api/v1/enterprises/ntf-d-co/notification-channels")
          .then()
          .statusCode(400)
          .body("field", equalTo("url"))
          .body("message", containsString("is an internal address"));
    }
    owner
        .request()
        .body(channelBody("ntf-d-fail", "webhook", "http://10.0.0.5/hook", null, 1))
        .put("/api/v1/enterprises/ntf-d-co/notification-channels/ntf-d-fail")
        .then()
        .statusCode(400)
        .body("field", equalTo("url"));

    Map<String, Object> test =
        owner
            .request()
            .post("/api/v1/enterprises/ntf-d-co/notification-channels/ntf-d-ding/test")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("");
    assertThat(test.get("delivered")).isEqualTo(true);
    assertThat(test.get("httpStatus")).isEqualTo(200);
    assertThat(
            JSON.readTree(receiver.on("/d/ding").get(0).body())
                .get("markdown")
                .get("title")
                .asText())
        .isEqualTo("ParkPulse 测试消息");
    Map<String, Object> failed =
        owner
            .request()
            .post("/api/v1/enterprises/ntf-d-co/notification-channels/ntf-d-fail/test")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("");
    assertThat(failed.get("delivered")).isEqualTo(false);
    assertThat(failed.get("httpStatus")).isEqualTo(500);
    List<Map<String, Object>> sent =
        owner
            .request()
            .get("/api/v1/enterprises/ntf-d-co/notification-channels/ntf-d-fail/notifications")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    assertThat(sent)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.get("event")).isEqualTo("test");
              assertThat(n.get("status")).isEqualTo("failed");
            });
    rival
        .request()
        .post("/api/v1/enterprises/ntf-d-co/notification-channels/ntf-d-ding/test")
        .then()
        .statusCode(404);
  }

  @Test
  void anAlarmRaisedAgainAfterItClearedIsToldAgainAsANewRoundAndResolvedAgain() throws Exception {
    Api admin = tenant("ntf-e", "ntf-e-co");
    channel(admin, "parks/ntf-e", "ntf-e-hook", "webhook", receiver.url("/e/hook"), null, 1);
    Map<String, Object> english =
        channelBody("ntf-e-en", "webhook", receiver.url("/e/en"), null, 1);
    english.put("language", "en");
    admin
        .request()
        .body(english)
        .post("/api/v1/enterprises/ntf-e-co/notification-channels")
        .then()
        .statusCode(201);
    channel(
        admin, "enterprises/ntf-e-co", "ntf-e-lead", "webhook", receiver.url("/e/lead"), null, 2);
    admin
        .request()
        .body(Map.of("levels", List.of(Map.of("level", 2, "warningSeconds", 300))))
        .put("/api/v1/enterprises/ntf-e-co/escalation-levels")
        .then()
        .statusCode(200);

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    SetClock clock = new SetClock(t0);
    AlarmStore store = store(clock, 200);
    AlarmStore.Rule rule = new AlarmStore.Rule("ntf-e-rule", "ntf-e", "warning", 600);
    DeviceRef device = new DeviceRef("ntf-e-co", "ntf-e-dev");

    long alarm =
        store.apply(rule, device, null, false, Change.RAISED, "temp", "91.5", false, false).alarm();
    assertThat(planner.plan(t0)).as("round 1 to both level-1 channels").isEqualTo(2);
    assertThat(delivery.run(t0).sent()).isEqualTo(2);

    Instant cleared = t0.plus(Duration.ofMinutes(2));
    clock.set(cleared);
    store.apply(rule, device, alarm, false, Change.CLEARED, "temp", "70.0", false, false);
    assertThat(planner.plan(cleared)).as("round 1 resolved").isEqualTo(2);
    assertThat(delivery.run(cleared).sent()).isEqualTo(2);

    Instant again = t0.plus(Duration.ofMinutes(5));
    clock.set(again);
    assertThat(
            store
                .apply(rule, device, alarm, false, Change.RAISED, "temp", "93.0", false, false)
                .alarm())
        .as("the same alarm, raised again")
        .isEqualTo(alarm);
    assertThat(planner.plan(again)).as("round 2 to both level-1 channels again").isEqualTo(2);
    assertThat(planner.plan(again)).as("each step of a round is planned once").isZero();
    assertThat(delivery.run(again).sent()).isEqualTo(2);

    List<Receiver.Request> hook = receiver.on("/e/hook");
    assertThat(hook).hasSize(3);
    JsonNode zh = JSON.readTree(hook.get(2).body());
    assertThat(zh.get("event").asText()).isEqualTo("opened");
    assertThat(zh.get("title").asText()).isEqualTo("【警告】告警再次触发：Too hot ntf-e");
    assertThat(zh.get("text").asText()).contains("再次触发（第 2 轮）").contains("temp = 93.0");
    assertThat(zh.get("alarm").get("round").asInt()).isEqualTo(2);
    assertThat(Instant.parse(zh.get("alarm").get("raisedAt").asText())).isEqualTo(again);
    assertThat(JSON.readTree(hook.get(0).body()).get("title").asText())
        .isEqualTo("【警告】告警：Too hot ntf-e");
    JsonNode en = JSON.readTree(receiver.on("/e/en").get(2).body());
    assertThat(en.get("title").asText()).isEqualTo("[Warning] Alarm raised again: Too hot ntf-e");
    assertThat(en.get("text").asText())
        .contains("It had cleared and was raised again at")
        .contains("(round 2)");

    // Escalation is counted from the round's raise, not from when the alarm first opened.
    assertThat(planner.plan(again.plus(Duration.ofSeconds(299)))).isZero();
    Instant escalation = again.plus(Duration.ofSeconds(301));
    assertThat(planner.plan(escalation)).isEqualTo(1);
    assertThat(delivery.run(escalation).sent()).isEqualTo(1);
    assertThat(JSON.readTree(receiver.on("/e/lead").get(0).body()).get("text").asText())
        .contains("告警已 5 分钟无人确认");

    Instant clearedAgain = t0.plus(Duration.ofMinutes(12));
    clock.set(clearedAgain);
    store.apply(rule, device, alarm, false, Change.CLEARED, "temp", "70.0", false, false);
    assertThat(planner.plan(clearedAgain))
        .as("round 2 resolved, the level-2 channel too")
        .isEqualTo(3);
    assertThat(delivery.run(clearedAgain).sent()).isEqualTo(3);
    assertThat(JSON.readTree(receiver.on("/e/en").get(3).body()).get("title").asText())
        .isEqualTo("Resolved: Too hot ntf-e");

    List<Map<String, Object>> told = notificationsOf(admin, alarm);
    assertThat(told)
        .extracting(n -> n.get("event") + ":" + n.get("round") + ":" + n.get("channel"))
        .containsExactlyInAnyOrder(
            "opened:1:ntf-e-hook",
            "opened:1:ntf-e-en",
            "resolved:1:ntf-e-hook",
            "resolved:1:ntf-e-en",
            "opened:2:ntf-e-hook",
            "opened:2:ntf-e-en",
            "escalated:2:ntf-e-lead",
            "resolved:2:ntf-e-hook",
            "resolved:2:ntf-e-en",
            "resolved:2:ntf-e-lead");
    assertThat(told).allSatisfy(n -> assertThat(n.get("status")).isEqualTo("sent"));
  }

  @Test
  void aFlappingAlarmIsNotToldAgainOnEachRaiseOnlyOnceResolvedWhenClosed() throws Exception {
    Api admin = tenant("ntf-f", "ntf-f-co");
    channel(admin, "parks/ntf-f", "ntf-f-hook", "webhook", receiver.url("/f/hook"), null, 1);
    channel(admin, "parks/ntf-f", "ntf-f-lead", "webhook", receiver.url("/f/lead"), null, 2);

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    SetClock clock = new SetClock(t0);
    AlarmStore store = store(clock, 200);
    AlarmStore.Rule rule = new AlarmStore.Rule("ntf-f-rule", "ntf-f", "warning", 600);
    DeviceRef device = new DeviceRef("ntf-f-co", "ntf-f-dev");

    long alarm =
        store.apply(rule, device, null, false, Change.RAISED, "temp", "91.5", false, false).alarm();
    assertThat(planner.plan(t0)).isEqualTo(1);
    assertThat(delivery.run(t0).sent()).isEqualTo(1);

    // The clear that makes it flapping, then changes counted, not announced: raised again 4 times.
    Instant at = t0;
    for (int i = 0; i < 8; i++) {
      at = at.plusSeconds(20);
      clock.set(at);
      Change change = i % 2 == 0 ? Change.CLEARED : Change.RAISED;
      String value = change == Change.RAISED ? "92.0" : "70.0";
      store.apply(rule, device, alarm, false, change, "temp", value, i == 0, i > 0);
      assertThat(planner.plan(at)).as("change %d of a flapping alarm", i).isZero();
    }
    assertThat(round(alarm)).as("each raise after a clear began a round").isEqualTo(5);
    assertThat(delivery.run(at).sent()).isZero();
    assertThat(receiver.on("/f/hook")).as("only its first opened").hasSize(1);

    // Its escalation counts from when it opened, not from its latest raise, and a clear right after
    // it was planned does not cancel it.
    at = t0.plusSeconds(601);
    clock.set(at);
    assertThat(planner.plan(at)).as("level 2, the SLA of 600 s after it opened").isEqualTo(1);
    store.apply(rule, device, alarm, false, Change.CLEARED, "temp", "70.0", false, true);
    assertThat(delivery.run(at).sent()).isEqualTo(1);
    List<Receiver.Request> lead = receiver.on("/f/lead");
    assertThat(lead).hasSize(1);
    JsonNode escalated = JSON.readTree(lead.get(0).body());
    assertThat(escalated.get("event").asText()).isEqualTo("escalated");
    assertThat(escalated.get("text").asText()).contains("告警已 10 分钟无人确认");

    admin.request().post("/api/v1/alarms/" + alarm + "/close").then().statusCode(200);
    assertThat(planner.plan(at)).as("the final resolved to both, once it is closed").isEqualTo(2);
    assertThat(planner.plan(at)).isZero();
    assertThat(delivery.run(at).sent()).isEqualTo(2);
    List<Receiver.Request> hook = receiver.on("/f/hook");
    assertThat(hook).hasSize(2);
    JsonNode resolved = JSON.readTree(hook.get(1).body());
    assertThat(resolved.get("event").asText()).isEqualTo("resolved");
    assertThat(resolved.get("alarm").get("resolvedBy").asText()).isEqualTo("closed");
    assertThat(resolved.get("text").asText()).contains("告警已于").contains("关闭");
  }

  @Test
  void anEnterprisesSummaryAlarmIsToldToLevelOneChannelsAsCriticalWithItsCap() throws Exception {
    Api admin = tenant("ntf-g", "ntf-g-co");
    channel(admin, "parks/ntf-g", "ntf-g-hook", "webhook", receiver.url("/g/hook"), null, 1);
    Map<String, Object> english =
        channelBody("ntf-g-critical", "webhook", receiver.url("/g/critical"), null, 1);
    english.put("language", "en");
    english.put("minSeverity", "critical");
    admin
        .request()
        .body(english)
        .post("/api/v1/enterprises/ntf-g-co/notification-channels")
        .then()
        .statusCode(201);
    channel(
        admin, "enterprises/ntf-g-co", "ntf-g-lead", "webhook", receiver.url("/g/lead"), null, 2);

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    AlarmStore store = store(new SetClock(t0), 1);
    AlarmStore.Rule rule = new AlarmStore.Rule("ntf-g-rule", "ntf-g", "warning", 600);
    long first =
        store
            .apply(
                rule,
                new DeviceRef("ntf-g-co", "ntf-g-1"),
                null,
                false,
                Change.RAISED,
                "temp",
                "91.5",
                false,
                false)
            .alarm();
    assertThat(
            store
                .apply(
                    rule,
                    new DeviceRef("ntf-g-co", "ntf-g-2"),
                    null,
                    false,
                    Change.RAISED,
                    "temp",
                    "92.5",
                    false,
                    false)
                .capped())
        .isTrue();
    long summary = summaryOf("ntf-g-co");

    assertThat(planner.plan(t0))
        .as("the warning to the park's channel, the summary to both level-1 channels")
        .isEqualTo(3);
    assertThat(delivery.run(t0).sent()).isEqualTo(3);
    JsonNode zh =
        receiver.on("/g/hook").stream()
            .map(r -> read(r.body()))
            .filter(b -> b.get("alarm").get("id").asLong() == summary)
            .findFirst()
            .orElseThrow();
    assertThat(zh.get("title").asText()).isEqualTo("【严重】告警数量达到上限：Enterprise ntf-g-co");
    assertThat(zh.get("text").asText())
        .contains("未关闭的告警已达上限（1 条）：之后的告警只计数，不再打开")
        .contains("至今已计 1 次")
        .contains("- 上限：1 条未关闭的告警");
    assertThat(zh.get("alarm").get("summary").asBoolean()).isTrue();
    assertThat(zh.get("alarm").get("severity").asText()).isEqualTo("critical");
    List<Receiver.Request> critical = receiver.on("/g/critical");
    assertThat(critical).as("the warning alarm is below this channel's minimum").hasSize(1);
    JsonNode en = JSON.readTree(critical.get(0).body());
    assertThat(en.get("alarm").get("id").asLong()).isEqualTo(summary);
    assertThat(en.get("title").asText())
        .isEqualTo("[Critical] Alarm cap reached: Enterprise ntf-g-co");
    assertThat(en.get("text").asText())
        .contains("has reached its cap of 1 open alarms: further ones are counted, not opened");

    admin.request().post("/api/v1/alarms/" + first + "/acknowledge").then().statusCode(200);
    Instant later = t0.plus(Duration.ofHours(2));
    assertThat(planner.plan(later)).as("a summary alarm is not escalated").isZero();
    assertThat(receiver.on("/g/lead")).isEmpty();

    admin.request().post("/api/v1/alarms/" + summary + "/close").then().statusCode(200);
    admin.request().post("/api/v1/alarms/" + first + "/close").then().statusCode(200);
    Instant now = Instant.now();
    assertThat(planner.plan(now)).as("resolved, both alarms, where each was told").isEqualTo(3);
    assertThat(delivery.run(now).sent()).isEqualTo(3);
    assertThat(JSON.readTree(receiver.on("/g/critical").get(1).body()).get("title").asText())
        .isEqualTo("Resolved: Alarm cap (Enterprise ntf-g-co)");
  }

  /** A store of alarms on the real database and Kafka, at the clock's time, with its cap. */
  private AlarmStore store(Clock clock, int cap) {
    return new AlarmStore(dataSource, events, cap, clock, new SimpleMeterRegistry());
  }

  private int round(long alarm) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT round FROM alarm WHERE id = ?")) {
      q.setLong(1, alarm);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private long summaryOf(String enterprise) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id FROM alarm WHERE enterprise_id = ? AND summary AND closed_at IS NULL")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).as("a summary alarm is open").isTrue();
        return rs.getLong(1);
      }
    }
  }

  private static JsonNode read(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A clock the test sets. */
  private static final class SetClock extends Clock {
    private volatile Instant now;

    SetClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** What was sent of an alarm, as {@code api}'s caller sees it. */
  private static List<Map<String, Object>> notificationsOf(Api api, long alarm) {
    return api.request()
        .get("/api/v1/alarms/" + alarm + "/notifications")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("");
  }

  /** A park with an enterprise and a disabled park-wide warning rule; signed in as the admin. */
  private static Api tenant(String park, String enterprise) {
    Api admin = Api.admin();
    admin.park(park);
    admin.enterprise(park, enterprise);
    Map<String, Object> rule = new HashMap<>();
    rule.put("id", park + "-rule");
    rule.put("park", park);
    rule.put("name", "Too hot " + park);
    rule.put("point", "temp");
    rule.put("condition", "above");
    rule.put("threshold", 80.0);
    rule.put("forSeconds", 0);
    rule.put("severity", "warning");
    rule.put("slaSeconds", 600);
    rule.put("enabled", false);
    admin.request().body(rule).post("/api/v1/alarm-rules").then().statusCode(201);
    return admin;
  }

  private static Map<String, Object> channelBody(
      String id, String kind, String url, String secret, int level) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("name", "Channel " + id);
    body.put("kind", kind);
    body.put("url", url);
    body.put("secret", secret);
    body.put("level", level);
    return body;
  }

  private static void channel(
      Api api, String owner, String id, String kind, String url, String secret, int level) {
    api.request()
        .body(channelBody(id, kind, url, secret, level))
        .post("/api/v1/" + owner + "/notification-channels")
        .then()
        .statusCode(201);
  }

  /** An alarm of the park's rule, opened at {@code at}, as the rule engine would store it. */
  private long alarm(String park, String enterprise, String device, Instant at) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO alarm (rule_id, park_id, enterprise_id, device_id, point, value,"
                    + " opened_at, sla_seconds) VALUES (?, ?, ?, ?, 'temp', '91.5', ?, 600)"
                    + " RETURNING id")) {
      q.setString(1, park + "-rule");
      q.setString(2, park);
      q.setString(3, enterprise);
      q.setString(4, device);
      q.setTimestamp(5, Timestamp.from(at));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void sql(String statement, Object... params) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        q.setObject(i + 1, params[i]);
      }
      q.executeUpdate();
    }
  }

  private List<MimeMessage> mailTo(String address) {
    return Arrays.stream(mail.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(RecipientType.TO))
                    .anyMatch(a -> a.toString().equals(address));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    for (String p : raw.split("&")) {
      String[] kv = p.split("=", 2);
      out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String webhookSignature(String secret, String timestamp, byte[] body)
      throws Exception {
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "sha256=" + HexFormat.of().formatHex(hmac(secret, signed));
  }

  private static byte[] hmac(String secret, String data) throws Exception {
    return hmac(secret, data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String secret, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal(data);
  }
}
