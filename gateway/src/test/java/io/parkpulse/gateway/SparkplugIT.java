package io.parkpulse.gateway;

import static io.parkpulse.gateway.sparkplug.SparkplugBytes.aliased;
import static io.parkpulse.gateway.sparkplug.SparkplugBytes.message;
import static io.parkpulse.gateway.sparkplug.SparkplugBytes.metric;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.gateway.sparkplug.SparkplugBytes;
import io.parkpulse.gateway.sparkplug.SparkplugDecoder;
import io.parkpulse.gateway.sparkplug.SparkplugMetric;
import io.parkpulse.gateway.sparkplug.SparkplugPayload;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sparkplug B edge nodes against the gateway and the real Kafka broker, with Paho's MQTT 5 and
 * 3.1.1 clients and payloads written by protobuf's own encoder.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SparkplugIT {

  private static final String PARK = GatewayTestResource.PARK;
  private static final String TELEMETRY = ParkTopic.telemetry(PARK).name();
  private static final String EVENTS =
      new ParkTopic("parkpulse", PARK, ParkTopic.Kind.EVENTS).name();
  private static final String DLQ = ParkTopic.deadLetter("parkpulse");
  private static final long T0 = Instant.parse("2026-11-29T03:00:00Z").toEpochMilli();
  private static final int NOT_AUTHORIZED = 0x87;

  @Inject GatewayLifecycle gateway;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @Test
  void birthsAndDataByAliasBecomeReadingsAndBirthEventsOfTheNodeAndItsDevice() throws Exception {
    edgeNode("spb-node-01", "spb-press-01");
    Received received = new Received();
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client = connect5("spb-node-01", received);
    try {
      assertThat(
              publish5(
                  client,
                  "spBv1.0/acme/NBIRTH/spb-node-01",
                  message()
                      .timestamp(T0)
                      .add(metric("bdSeq", 0, 4).longValue(7))
                      .add(metric("Node Control/Rebirth", 1, 11).booleanValue(false))
                      .add(metric("Supply/Voltage", 2, 10).doubleValue(400.5))
                      .seq(0)))
          .isZero();
      assertThat(
              publish5(
                  client,
                  "spBv1.0/acme/DBIRTH/spb-node-01/spb-press-01",
                  message()
                      .timestamp(T0)
                      .add(metric("Spindle RPM", 1, 3).intValue(1200))
                      .add(metric("State", 2, 12).stringValue("IDLE"))
                      .add(metric("Offset", 3, 1).intValue(-7))
                      .seq(1)))
          .isZero();
      // DATA at QoS 0, as Sparkplug sends it, by alias alone.
      client
          .publish(
              "spBv1.0/acme/NDATA/spb-node-01",
              message().timestamp(T0 + 1_000).add(aliased(2).doubleValue(398.25)).seq(2).toBytes(),
              0,
              false)
          .waitForCompletion(10_000);
      client
          .publish(
              "spBv1.0/acme/DDATA/spb-node-01/spb-press-01",
              message()
                  .timestamp(T0 + 2_000)
                  .add(aliased(1).at(T0 + 1_500).intValue(-1))
                  .add(aliased(2).at(T0 + 1_500).stringValue("RUNNING"))
                  .add(aliased(3).at(T0 + 1_500).intValue(0xFE))
                  .seq(3)
                  .toBytes(),
              0,
              false)
          .waitForCompletion(10_000);

      List<TelemetryRecord> press = awaitReadings("acme/spb-press-01", 2);
      assertThat(press).extracting(TelemetryRecord::seq).containsExactly(0L, 1L);
      assertThat(press.get(0).ts()).isEqualTo(Instant.ofEpochMilli(T0));
      assertThat(press.get(0).metrics())
          .isEqualTo(Map.of("Spindle_RPM", 1200L, "State", "IDLE", "Offset", -7L));
      assertThat(press.get(1).ts()).isEqualTo(Instant.ofEpochMilli(T0 + 1_500));
      // Int32 and Int8 by the DBIRTH's datatypes: the bits of -1 and of 0xFE are negative.
      assertThat(press.get(1).metrics())
          .isEqualTo(Map.of("Spindle_RPM", -1L, "State", "RUNNING", "Offset", -2L));
      assertThat(press.get(1).park()).isEqualTo(PARK);

      List<TelemetryRecord> node = awaitReadings("acme/spb-node-01", 2);
      assertThat(node).extracting(TelemetryRecord::seq).containsExactly(0L, 1L);
      assertThat(node.get(0).metrics()).isEqualTo(Map.of("Supply.Voltage", 400.5));
      assertThat(node.get(1).metrics()).isEqualTo(Map.of("Supply.Voltage", 398.25));
      assertThat(node.get(1).ts()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));

      List<DeviceEvent> nodeEvents =
          awaitEventTypes("acme/spb-node-01", DeviceEvent.CONNECTED, DeviceEvent.BIRTH);
      assertThat(nodeEvents.get(1).attributes())
          .isEqualTo(Map.of("protocol", "sparkplug-b", "bdSeq", 7L));
      List<DeviceEvent> pressEvents = awaitEventTypes("acme/spb-press-01", DeviceEvent.BIRTH);
      assertThat(pressEvents.get(0).attributes())
          .isEqualTo(Map.of("protocol", "sparkplug-b", "edgeNode", "spb-node-01"));
      assertThat(TopicReader.readAll(DLQ, "acme/spb-press-01")).isEmpty();
    } finally {
      close(client);
    }
  }

  @Test
  void dataBeforeItsBirthIsDeadLetteredAndTheNodeAskedForARebirth() throws Exception {
    edgeNode("spb-node-02", "spb-press-02");
    Received received = new Received();
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client = connect5("spb-node-02", received);
    try {
      IMqttToken subscribed =
          client.subscribe(
              new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription(
                    "spBv1.0/acme/NCMD/spb-node-02", 0),
                new org.eclipse.paho.mqttv5.common.MqttSubscription(
                    "spBv1.0/acme/DCMD/spb-node-02/+", 0)
              });
      subscribed.waitForCompletion(10_000);
      assertThat(subscribed.getReasonCodes()).containsExactly(0, 0);
      byte[] ddata = message().timestamp(T0).add(aliased(1).intValue(5)).seq(1).toBytes();

      assertThat(publish5(client, "spBv1.0/acme/DDATA/spb-node-02/spb-press-02", ddata))
          .as("acknowledged all the same")
          .isZero();

      Received.Message request = received.messages.poll(10, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.topic()).isEqualTo("spBv1.0/acme/NCMD/spb-node-02");
      SparkplugPayload payload = new SparkplugDecoder().decode(request.payload());
      assertThat(payload.metrics()).hasSize(1);
      SparkplugMetric rebirth = payload.metrics().get(0);
      assertThat(rebirth.name()).isEqualTo("Node Control/Rebirth");
      assertThat(rebirth.datatype()).isEqualTo(11);
      assertThat(rebirth.raw()).isEqualTo(true);
      assertThat(payload.timestamp()).isCloseTo(System.currentTimeMillis(), within(60_000L));

      var dead = awaitRecords(DLQ, "acme/spb-press-02", 1);
      assertThat(dead.get(0).value()).isEqualTo(ddata);
      assertThat(header(dead.get(0), DeadLetter.REASON)).isEqualTo("sparkplug-before-birth");
      assertThat(header(dead.get(0), DeadLetter.ORIGIN)).isEqualTo("mqtt:sparkplug");
      assertThat(TopicReader.readAll(TELEMETRY, "acme/spb-press-02")).isEmpty();
    } finally {
      close(client);
    }
  }

  @Test
  void refusesAnotherGroupAnotherNodeAndADeviceTheNodeDoesNotFrontAsNotAuthorized()
      throws Exception {
    edgeNode("spb-node-03", "spb-press-03");
    TestDevices.register(gateway.registry(), "spb-stranger-03@acme", PARK);
    TestDevices.register(gateway.registry(), "spb-node-03@globex", PARK);
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client = connect5("spb-node-03", new Received());
    try {
      SparkplugBytes nbirth = message().add(metric("a", 1, 4).longValue(1)).seq(0);
      for (String topic :
          List.of(
              "spBv1.0/globex/NBIRTH/spb-node-03",
              "spBv1.0/acme/NBIRTH/spb-stranger-03",
              "spBv1.0/acme/DBIRTH/spb-node-03/spb-stranger-03")) {
        assertThat(publish5(client, topic, nbirth)).as(topic).isEqualTo(NOT_AUTHORIZED);
      }
      assertThat(client.isConnected()).isTrue();
    } finally {
      close(client);
    }
    assertThat(TopicReader.readAll(TELEMETRY, "globex/spb-node-03")).isEmpty();
    assertThat(TopicReader.readAll(TELEMETRY, "acme/spb-stranger-03")).isEmpty();
    assertThat(TopicReader.readAll(EVENTS, "acme/spb-stranger-03")).isEmpty();
  }

  @Test
  void anMqtt311NodePublishingForAnotherNodeIsDisconnected() throws Exception {
    edgeNode("spb-node-04", "spb-press-04");
    try (MqttAsyncClient client = connect3("spb-node-04", options -> {})) {
      client.publish("spBv1.0/acme/NDATA/spb-press-04", qos1(message().seq(0)));
      await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    }
    assertThat(TopicReader.readAll(TELEMETRY, "acme/spb-press-04")).isEmpty();
  }

  @Test
  void anNdeathWillKillsTheNodeAndEveryDeviceItBornWhenTheConnectionDrops() throws Exception {
    edgeNode("spb-node-05", "spb-press-05", "spb-oven-05");
    byte[] ndeath = message().add(metric("bdSeq", 0, 4).longValue(12)).toBytes();
    MqttAsyncClient client =
        connect3(
            "spb-node-05",
            options -> options.setWill("spBv1.0/acme/NDEATH/spb-node-05", ndeath, 1, false));
    client
        .publish(
            "spBv1.0/acme/NBIRTH/spb-node-05",
            qos1(message().add(metric("bdSeq", 0, 4).longValue(12)).seq(0)))
        .waitForCompletion(30_000);
    client
        .publish(
            "spBv1.0/acme/DBIRTH/spb-node-05/spb-press-05",
            qos1(message().add(metric("Count", 1, 7).intValue(3)).seq(1)))
        .waitForCompletion(30_000);
    client
        .publish(
            "spBv1.0/acme/DBIRTH/spb-node-05/spb-oven-05",
            qos1(message().add(metric("Temp", 1, 9).floatValue(180.5f)).seq(2)))
        .waitForCompletion(30_000);

    PowerCut.cut(client); // no DISCONNECT packet: as if power was cut

    List<DeviceEvent> node =
        awaitEventTypes(
            "acme/spb-node-05",
            DeviceEvent.CONNECTED,
            DeviceEvent.BIRTH,
            DeviceEvent.CONNECTION_LOST,
            DeviceEvent.DEATH);
    assertThat(node.get(3).attributes())
        .isEqualTo(Map.of("protocol", "sparkplug-b", "reason", "ndeath", "bdSeq", 12L));
    for (String device : List.of("acme/spb-press-05", "acme/spb-oven-05")) {
      List<DeviceEvent> events = awaitEventTypes(device, DeviceEvent.BIRTH, DeviceEvent.DEATH);
      assertThat(events.get(1).attributes())
          .containsEntry("reason", "ndeath")
          .containsEntry("edgeNode", "spb-node-05");
    }
    assertThat(awaitReadings("acme/spb-oven-05", 1).get(0).metrics())
        .isEqualTo(Map.of("Temp", 180.5));
  }

  @Test
  void aDdeathKillsItsDeviceAndACleanDisconnectTheDevicesStillBorn() throws Exception {
    edgeNode("spb-node-06", "spb-press-06", "spb-oven-06");
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client = connect5("spb-node-06", new Received());
    try {
      publish5(client, "spBv1.0/acme/NBIRTH/spb-node-06", message().seq(0));
      publish5(
          client,
          "spBv1.0/acme/DBIRTH/spb-node-06/spb-press-06",
          message().add(metric("Count", 1, 7).intValue(3)).seq(1));
      publish5(
          client,
          "spBv1.0/acme/DBIRTH/spb-node-06/spb-oven-06",
          message().add(metric("Temp", 1, 10).doubleValue(20)).seq(2));
      assertThat(publish5(client, "spBv1.0/acme/DDEATH/spb-node-06/spb-press-06", message().seq(3)))
          .isZero();
      awaitEventTypes("acme/spb-press-06", DeviceEvent.BIRTH, DeviceEvent.DEATH);

      client.disconnect().waitForCompletion(5_000);
    } finally {
      close(client);
    }

    List<DeviceEvent> press =
        awaitEventTypes("acme/spb-press-06", DeviceEvent.BIRTH, DeviceEvent.DEATH);
    assertThat(press.get(1).attributes()).containsEntry("reason", "ddeath");
    List<DeviceEvent> oven =
        awaitEventTypes("acme/spb-oven-06", DeviceEvent.BIRTH, DeviceEvent.DEATH);
    assertThat(oven.get(1).attributes()).containsEntry("reason", "disconnected");
    awaitEventTypes(
        "acme/spb-node-06", DeviceEvent.CONNECTED, DeviceEvent.BIRTH, DeviceEvent.DISCONNECTED);
  }

  @Test
  void deadLettersAPayloadThatIsNotProtobufAndAcknowledgesIt() throws Exception {
    edgeNode("spb-node-07");
    byte[] json = "{\"seq\": 1, \"metrics\": {\"a\": 1}}".getBytes(UTF_8);
    try (MqttAsyncClient client = connect3("spb-node-07", options -> {})) {
      MqttMessage message = new MqttMessage(json);
      message.setQos(1);
      var token = client.publish("spBv1.0/acme/NDATA/spb-node-07", message);
      token.waitForCompletion(30_000);
      assertThat(token.getException()).isNull();
      assertThat(client.isConnected()).isTrue();
      client.disconnect().waitForCompletion(5_000);
    }

    var dead = awaitRecords(DLQ, "acme/spb-node-07", 1);
    assertThat(dead.get(0).value()).isEqualTo(json);
    assertThat(header(dead.get(0), DeadLetter.REASON)).contains("not a Sparkplug B");
    assertThat(header(dead.get(0), DeadLetter.ORIGIN)).isEqualTo("mqtt:sparkplug");
    assertThat(TopicReader.readAll(TELEMETRY, "acme/spb-node-07")).isEmpty();
  }

  /** Registers {@code node} as the gateway of {@code devices}, and the devices. */
  private void edgeNode(String node, String... devices) {
    for (String device : devices) {
      TestDevices.register(gateway.registry(), device + "@acme", PARK);
    }
    TestDevices.write(
        gateway.registry(),
        new RegistryEntry(
            new DeviceRef("acme", node),
            PARK,
            true,
            SecretHash.hash(TestDevices.SECRET),
            List.of(devices)));
  }

  private org.eclipse.paho.mqttv5.client.MqttAsyncClient connect5(String node, Received received)
      throws MqttException {
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client =
        new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
            "tcp://127.0.0.1:" + gateway.mqttPort(), node + "-spb-v5", new MemoryPersistence());
    client.setCallback(received);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(node + "@acme");
    options.setPassword(TestDevices.SECRET.getBytes(UTF_8));
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private MqttAsyncClient connect3(
      String node,
      java.util.function.Consumer<org.eclipse.paho.client.mqttv3.MqttConnectOptions> tune)
      throws Exception {
    return TestDevices.connect(gateway.mqttPort(), node + "@acme", TestDevices.SECRET, tune);
  }

  private static void close(org.eclipse.paho.mqttv5.client.MqttAsyncClient client)
      throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close(true);
  }

  /** Publishes at QoS 1 and returns the PUBACK's reason code. */
  private static int publish5(
      org.eclipse.paho.mqttv5.client.MqttAsyncClient client, String topic, SparkplugBytes payload)
      throws Exception {
    return publish5(client, topic, payload.toBytes());
  }

  private static int publish5(
      org.eclipse.paho.mqttv5.client.MqttAsyncClient client, String topic, byte[] payload)
      throws Exception {
    IMqttToken token = client.publish(topic, payload, 1, false);
    try {
      token.waitForCompletion(30_000);
    } catch (MqttException e) {
      return e.getReasonCode();
    }
    int[] codes = token.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  private static MqttMessage qos1(SparkplugBytes payload) {
    MqttMessage message = new MqttMessage(payload.toBytes());
    message.setQos(1);
    return message;
  }

  private static List<TelemetryRecord> awaitReadings(String key, int count) throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    List<TelemetryRecord> readings = new ArrayList<>();
    for (var record : awaitRecords(TELEMETRY, key, count)) {
      readings.add(codec.decode(record.value()));
    }
    return readings;
  }

  private static List<ConsumerRecord<String, byte[]>> awaitRecords(
      String topic, String key, int count) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              records.clear();
              records.addAll(TopicReader.readAll(topic, key));
              assertThat(records).hasSize(count);
            });
    return records;
  }

  /** Waits until the park's events topic holds exactly these event types for {@code key}. */
  private static List<DeviceEvent> awaitEventTypes(String key, String... types) {
    EventCodec codec = new EventCodec();
    List<DeviceEvent> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              events.clear();
              for (var record : TopicReader.readAll(EVENTS, key)) {
                events.add(codec.decode(record.value()));
              }
              assertThat(events).extracting(DeviceEvent::type).containsExactly(types);
            });
    return events;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private static org.assertj.core.data.Offset<Long> within(long millis) {
    return org.assertj.core.data.Offset.offset(millis);
  }

  /** What the gateway sends an MQTT 5 client. */
  private static final class Received implements MqttCallback {
    record Message(String topic, byte[] payload) {}

    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    @Override
    public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
      messages.add(new Message(topic, message.getPayload()));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
