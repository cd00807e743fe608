package io.parkpulse.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.gateway.mqtt.TopicAuthorizer.Verdict;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicAuthorizerTest {

  private final DeviceRegistry registry = new DeviceRegistry();
  private final TopicAuthorizer authorizer = new TopicAuthorizer(registry);
  private final RegistryEntry plc = entry("acme", "plc-01", true, List.of("press-01", "oven-01"));
  private final RegistryEntry press = entry("acme", "press-01", true, List.of());

  TopicAuthorizerTest() {
    registry.apply(plc.device(), plc);
    registry.apply(press.device(), press);
    registry.apply(new DeviceRef("acme", "oven-01"), entry("acme", "oven-01", false, List.of()));
    registry.apply(
        new DeviceRef("globex", "press-01"), entry("globex", "press-01", true, List.of()));
  }

  @Test
  void aDevicePublishesForItselfOnTheShortAndTheLongTopic() {
    for (String topic : List.of("telemetry", "t", "telemetry/acme/press-01", "t/acme/press-01")) {
      var decision = authorizer.decide(press, topic);
      assertThat(decision.verdict()).as(topic).isEqualTo(Verdict.ALLOWED);
      assertThat(decision.target()).isEqualTo(press);
    }
  }

  @Test
  void tellsTelemetryFromEventsOnEveryForm() {
    assertThat(authorizer.decide(press, "e").kind()).isEqualTo(TopicAuthorizer.Kind.EVENT);
    assertThat(authorizer.decide(press, "event").kind()).isEqualTo(TopicAuthorizer.Kind.EVENT);
    assertThat(authorizer.decide(plc, "event/acme/press-01").kind())
        .isEqualTo(TopicAuthorizer.Kind.EVENT);
    assertThat(authorizer.decide(plc, "event/acme/press-01").target()).isEqualTo(press);
    assertThat(authorizer.decide(press, "t").kind()).isEqualTo(TopicAuthorizer.Kind.TELEMETRY);
    assertThat(authorizer.decide(plc, "event/globex/press-01").verdict())
        .isEqualTo(Verdict.OTHER_ENTERPRISE);
  }

  @Test
  void aGatewayDevicePublishesForTheDevicesItFronts() {
    var decision = authorizer.decide(plc, "telemetry/acme/press-01");

    assertThat(decision.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(decision.target()).isEqualTo(press);
  }

  @Test
  void refusesAnotherTenantsIdsInTheTopic() {
    assertThat(authorizer.decide(plc, "telemetry/globex/press-01").verdict())
        .isEqualTo(Verdict.OTHER_ENTERPRISE);
    assertThat(authorizer.decide(press, "telemetry/globex/press-01").verdict())
        .isEqualTo(Verdict.OTHER_ENTERPRISE);
  }

  @Test
  void refusesDevicesTheGatewayIsNotRegisteredFor() {
    assertThat(authorizer.decide(press, "telemetry/acme/plc-01").verdict())
        .isEqualTo(Verdict.NOT_ITS_GATEWAY);
    assertThat(authorizer.decide(plc, "telemetry/acme/oven-01").verdict())
        .isEqualTo(Verdict.UNKNOWN_OR_DISABLED_DEVICE);
  }

  @Test
  void refusesEverythingElse() {
    for (String topic :
        List.of(
            "", "telemetry/", "telemetry/acme", "telemetry/acme/press-01/x", "tele", "#", "e/")) {
      assertThat(authorizer.decide(press, topic).verdict())
          .as(topic)
          .isEqualTo(Verdict.UNSUPPORTED_TOPIC);
    }
  }

  @Test
  void aGatewayDeviceAnswersCommandsForTheDevicesItFrontsOnly() {
    var answer = authorizer.decide(plc, "command//press-01/res/req-1/200");
    assertThat(answer.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(answer.kind()).isEqualTo(TopicAuthorizer.Kind.COMMAND_RESPONSE);
    assertThat(answer.target()).isEqualTo(press);
    assertThat(answer.answer()).isEqualTo(new TopicAuthorizer.Answer("req-1", 200));

    assertThat(authorizer.decide(plc, "command//plc-01/res/req-1/200").target()).isEqualTo(plc);
    assertThat(authorizer.decide(press, "command//plc-01/res/req-1/200").verdict())
        .isEqualTo(Verdict.NOT_ITS_GATEWAY);
    assertThat(authorizer.decide(plc, "command//oven-01/res/req-1/200").verdict())
        .as("fronted, but disabled")
        .isEqualTo(Verdict.UNKNOWN_OR_DISABLED_DEVICE);
    assertThat(authorizer.decide(plc, "command//press-01/res/req-1/2000").verdict())
        .isEqualTo(Verdict.UNSUPPORTED_TOPIC);
    assertThat(authorizer.decide(plc, "command//press-01/req/req-1/reload").verdict())
        .isEqualTo(Verdict.UNSUPPORTED_TOPIC);
  }

  @Test
  void aGatewayDeviceSubscribesTheCommandsOfTheDevicesItFronts() {
    for (String filter :
        List.of("command//+/req/#", "command//press-01/req/#", "command//press-01/req/+/+")) {
      assertThat(authorizer.subscription(plc, filter))
          .as(filter)
          .isEqualTo(TopicAuthorizer.Subscription.FRONTED_COMMANDS);
    }
    assertThat(TopicAuthorizer.frontedDevice("command//press-01/req/#")).isEqualTo("press-01");
    assertThat(TopicAuthorizer.frontedDevice("command//+/req/#")).isEqualTo("+");
    for (String filter :
        List.of("command//other-01/req/#", "command//+/res/#", "command//#", "command//+/req")) {
      assertThat(authorizer.subscription(plc, filter))
          .as(filter)
          .isEqualTo(TopicAuthorizer.Subscription.REFUSED);
    }
    assertThat(authorizer.subscription(press, "command//+/req/#"))
        .as("not a gateway device")
        .isEqualTo(TopicAuthorizer.Subscription.REFUSED);
  }

  private static RegistryEntry entry(
      String enterprise, String device, boolean enabled, List<String> fronts) {
    return new RegistryEntry(
        new DeviceRef(enterprise, device), "north", enabled, "pbkdf2-sha256$1$AA$AA", fronts);
  }

  @Test
  void takesADevicesAnswerToACommandWithItsRequestIdAndStatus() {
    var decision = authorizer.decide(press, "command///res/r-7Hq_x2/404");

    assertThat(decision.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(decision.kind()).isEqualTo(TopicAuthorizer.Kind.COMMAND_RESPONSE);
    assertThat(decision.target()).isEqualTo(press);
    assertThat(decision.answer()).isEqualTo(new TopicAuthorizer.Answer("r-7Hq_x2", 404));
  }

  @Test
  void refusesAnswersWithoutARequestIdOrA3DigitStatusFrom100To599() {
    for (String topic :
        List.of(
            "command///res/r1",
            "command///res/r1/",
            "command///res/r1/20",
            "command///res/r1/2000",
            "command///res/r1/099",
            "command///res/r1/600",
            "command///res/r1/2x0",
            "command///res//200",
            "command///res/r.1/200",
            "command///res/r1/200/x",
            "command///req/r1/status",
            "command/acme/press-01/res/r1/200",
            "command///res/" + "r".repeat(65) + "/200")) {
      assertThat(authorizer.decide(press, topic).verdict())
          .as(topic)
          .isEqualTo(Verdict.UNSUPPORTED_TOPIC);
    }
  }

  @Test
  void anEdgeNodePublishesSparkplugForItselfAndTheDevicesItFronts() {
    for (String type : List.of("NBIRTH", "NDATA", "NDEATH")) {
      var decision = authorizer.decide(plc, "spBv1.0/acme/" + type + "/plc-01");
      assertThat(decision.verdict()).as(type).isEqualTo(Verdict.ALLOWED);
      assertThat(decision.kind()).isEqualTo(TopicAuthorizer.Kind.SPARKPLUG);
      assertThat(decision.target()).isEqualTo(plc);
      assertThat(decision.sparkplug().type().name()).isEqualTo(type);
      assertThat(decision.sparkplug().device()).isNull();
    }
    for (String type : List.of("DBIRTH", "DDATA", "DDEATH")) {
      var decision = authorizer.decide(plc, "spBv1.0/acme/" + type + "/plc-01/press-01");
      assertThat(decision.verdict()).as(type).isEqualTo(Verdict.ALLOWED);
      assertThat(decision.kind()).isEqualTo(TopicAuthorizer.Kind.SPARKPLUG);
      assertThat(decision.target()).isEqualTo(press);
      assertThat(decision.sparkplug().device()).isEqualTo("press-01");
    }
  }

  @Test
  void refusesSparkplugOfAnotherGroupNodeOrDevice() {
    assertThat(authorizer.decide(plc, "spBv1.0/globex/NDATA/plc-01").verdict())
        .isEqualTo(Verdict.OTHER_ENTERPRISE);
    assertThat(authorizer.decide(plc, "spBv1.0/Plant A/NDATA/plc-01").verdict())
        .isEqualTo(Verdict.OTHER_ENTERPRISE);
    assertThat(authorizer.decide(plc, "spBv1.0/acme/NDATA/press-01").verdict())
        .isEqualTo(Verdict.OTHER_EDGE_NODE);
    assertThat(authorizer.decide(press, "spBv1.0/acme/DDATA/plc-01/press-01").verdict())
        .isEqualTo(Verdict.OTHER_EDGE_NODE);
    assertThat(authorizer.decide(press, "spBv1.0/acme/DDATA/press-01/plc-01").verdict())
        .isEqualTo(Verdict.NOT_ITS_GATEWAY);
    assertThat(authorizer.decide(plc, "spBv1.0/acme/DBIRTH/plc-01/plc-01").verdict())
        .as("a node's own data goes on the node topics")
        .isEqualTo(Verdict.NOT_ITS_GATEWAY);
    assertThat(authorizer.decide(plc, "spBv1.0/acme/DDATA/plc-01/oven-01").verdict())
        .isEqualTo(Verdict.UNKNOWN_OR_DISABLED_DEVICE);
  }

  @Test
  void refusesSparkplugTopicsAnEdgeNodeDoesNotPublishOn() {
    for (String topic :
        List.of(
            "spBv1.0/acme/NCMD/plc-01",
            "spBv1.0/acme/DCMD/plc-01/press-01",
            "spBv1.0/STATE/host-1",
            "spBv1.0/acme/NDATA/plc-01/press-01",
            "spBv1.0/acme/DDATA/plc-01",
            "spBv1.0/acme/ndata/plc-01",
            "spBv1.0/acme/NDATA/",
            "spBv1.0//NDATA/plc-01",
            "spBv1.0/acme/DDATA/plc-01/press-01/x",
            "spAv1.0/acme/NDATA/plc-01")) {
      assertThat(authorizer.decide(plc, topic).verdict())
          .as(topic)
          .isEqualTo(Verdict.UNSUPPORTED_TOPIC);
    }
  }

  @Test
  void anEdgeNodeSubscribesToItsOwnSparkplugCommandsOnly() {
    assertThat(authorizer.subscription(plc, "command///req/#"))
        .isEqualTo(TopicAuthorizer.Subscription.COMMANDS);
    for (String filter : List.of("spBv1.0/acme/NCMD/plc-01", "spBv1.0/acme/NCMD/plc-01/#")) {
      assertThat(authorizer.subscription(plc, filter))
          .as(filter)
          .isEqualTo(TopicAuthorizer.Subscription.SPARKPLUG_NODE_COMMANDS);
    }
    for (String filter :
        List.of(
            "spBv1.0/acme/DCMD/plc-01/#",
            "spBv1.0/acme/DCMD/plc-01/+",
            "spBv1.0/acme/DCMD/plc-01/press-01")) {
      assertThat(authorizer.subscription(plc, filter))
          .as(filter)
          .isEqualTo(TopicAuthorizer.Subscription.SPARKPLUG_DEVICE_COMMANDS);
    }
    for (String filter :
        List.of(
            "spBv1.0/acme/NCMD/press-01",
            "spBv1.0/globex/NCMD/plc-01",
            "spBv1.0/acme/NCMD/+",
            "spBv1.0/acme/#",
            "spBv1.0/acme/DCMD/plc-01/victim-01",
            "spBv1.0/acme/DCMD/plc-01/+/x",
            "spBv1.0/STATE/host-1",
            "#")) {
      assertThat(authorizer.subscription(plc, filter))
          .as(filter)
          .isEqualTo(TopicAuthorizer.Subscription.REFUSED);
    }
  }
}
