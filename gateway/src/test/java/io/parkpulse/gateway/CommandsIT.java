package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandRequestCodec;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.CommandResponseCodec;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands through the gateway with a real Paho client and the real broker: a command record on the
 * park's commands topic reaches the subscribed device, its answer lands on command-responses; and
 * the Will of a device whose connection ends without DISCONNECT becomes its event.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class CommandsIT {

  private static final String PARK = GatewayTestResource.PARK;
  private static final String COMMANDS =
      new ParkTopic("parkpulse", PARK, ParkTopic.Kind.COMMANDS).name();
  private static final String RESPONSES =
      new ParkTopic("parkpulse", PARK, ParkTopic.Kind.COMMAND_RESPONSES).name();
  private static final String EVENTS =
      new ParkTopic("parkpulse", PARK, ParkTopic.Kind.EVENTS).name();
  private static KafkaProducer<String, byte[]> producer;

  @Inject GatewayLifecycle gateway;
  @Inject MeterRegistry meters;

  /** A message the device received. */
  record Received(String topic, MqttMessage message) {}

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @AfterAll
  static void closeProducer() {
    if (producer != null) {
      producer.close();
    }
  }

  @Test
  void deliversACommandToTheSubscribedDeviceAndStoresItsAnswerBeforeAcknowledgingIt()
      throws Exception {
    DeviceRef device = TestDevices.register(gateway.registry(), "cmd-01@acme", PARK);
    try (MqttAsyncClient client = connect("cmd-01@acme")) {
      BlockingQueue<Received> received = subscribe(client, "command///req/#");
      CommandRequest request =
          command(device, "set-interval", "{\"device\":\"cmd-01\",\"interval\":\"5s\"}", 30);

      send(request);

      Received command = received.poll(30, TimeUnit.SECONDS);
      assertThat(command).as("the command reached the device").isNotNull();
      assertThat(command.topic())
          .isEqualTo("command///req/" + request.requestId() + "/set-interval");
      assertThat(new String(command.message().getPayload(), UTF_8)).isEqualTo(request.payload());
      assertThat(command.message().getQos()).isEqualTo(1);

      MqttMessage answer =
          new MqttMessage("{\"device\":\"cmd-01\",\"interval\":\"PT5S\"}".getBytes(UTF_8));
      answer.setQos(1);
      client.publish("command///res/" + request.requestId() + "/200", answer).waitForCompletion();

      // The PUBACK came after Kafka stored the answer: it is there already.
      var stored = TopicReader.readAll(RESPONSES, "acme/cmd-01");
      assertThat(stored).hasSize(1);
      CommandResponse response = new CommandResponseCodec().decode(stored.get(0).value());
      assertThat(response.requestId()).isEqualTo(request.requestId());
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.payload()).isEqualTo("{\"device\":\"cmd-01\",\"interval\":\"PT5S\"}");
      assertThat(response.device()).isEqualTo(device);
      assertThat(response.park()).isEqualTo(PARK);
      assertThat(new String(stored.get(0).headers().lastHeader(CloudEvents.TYPE).value(), UTF_8))
          .isEqualTo(CloudEvents.COMMAND_RESPONSE_TYPE);
      assertThat(counter("parkpulse.gateway.commands.delivered")).isGreaterThanOrEqualTo(1);
      assertThat(counter("parkpulse.gateway.commands.responses")).isGreaterThanOrEqualTo(1);
      client.disconnect().waitForCompletion(5_000);
    }
  }

  @Test
  void deliversTheCommandsOfAFrontedDeviceToItsGatewayDeviceAndStoresItsAnswers() throws Exception {
    DeviceRef press = TestDevices.register(gateway.registry(), "cmd-press@acme", PARK);
    DeviceRef other = TestDevices.register(gateway.registry(), "cmd-other@acme", PARK);
    RegistryEntry plc =
        new RegistryEntry(
            new DeviceRef("acme", "cmd-plc"),
            PARK,
            true,
            SecretHash.hash(TestDevices.SECRET),
            List.of("cmd-press"));
    TestDevices.write(gateway.registry(), plc);
    try (MqttAsyncClient client = connect("cmd-plc@acme")) {
      BlockingQueue<Received> received = subscribe(client, "command//+/req/#");
      CommandRequest request = command(press, "reload", "{\"recipe\":\"A7\"}", 30);
      CommandRequest notFronted = command(other, "reload", "{}", 30);

      send(notFronted);
      send(request);

      Received command = received.poll(30, TimeUnit.SECONDS);
      assertThat(command).as("the command reached the gateway device").isNotNull();
      assertThat(command.topic())
          .isEqualTo("command//cmd-press/req/" + request.requestId() + "/reload");
      assertThat(new String(command.message().getPayload(), UTF_8)).isEqualTo(request.payload());
      assertThat(received.poll(1, TimeUnit.SECONDS))
          .as("nothing for a device it does not front")
          .isNull();

      MqttMessage answer = new MqttMessage("{\"loaded\":\"A7\"}".getBytes(UTF_8));
      answer.setQos(1);
      client
          .publish("command//cmd-press/res/" + request.requestId() + "/200", answer)
          .waitForCompletion();

      var stored = TopicReader.readAll(RESPONSES, "acme/cmd-press");
      assertThat(stored).hasSize(1);
      CommandResponse response = new CommandResponseCodec().decode(stored.get(0).value());
      assertThat(response.device()).isEqualTo(press);
      assertThat(response.requestId()).isEqualTo(request.requestId());
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.payload()).isEqualTo("{\"loaded\":\"A7\"}");

      // Answering for a device it does not front is refused (3.1.1: the connection is closed).
      MqttMessage forged = new MqttMessage("{}".getBytes(UTF_8));
      forged.setQos(1);
      assertThatThrownBy(
              () ->
                  client
                      .publish("command//cmd-other/res/" + notFronted.requestId() + "/200", forged)
                      .waitForCompletion(5_000))
          .isInstanceOf(MqttException.class);
      assertThat(TopicReader.readAll(RESPONSES, "acme/cmd-other")).isEmpty();
    }
  }

  @Test
  void skipsAnExpiredCommandAndCountsIt() throws Exception {
    DeviceRef device = TestDevices.register(gateway.registry(), "cmd-02@acme", PARK);
    try (MqttAsyncClient client = connect("cmd-02@acme")) {
      BlockingQueue<Received> received = subscribe(client, "command///req/+/+");
      double expiredBefore = counter("parkpulse.gateway.commands.expired");
      CommandRequest expired = command(device, "reload", "{}", -1);
      CommandRequest fresh = command(device, "status", "{}", 30);

      send(expired);
      send(fresh); // same partition, so read after the expired one

      Received first = received.poll(30, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.topic()).isEqualTo(fresh.mqttTopic());
      assertThat(received).isEmpty();
      assertThat(counter("parkpulse.gateway.commands.expired")).isEqualTo(expiredBefore + 1);
      client.disconnect().waitForCompletion(5_000);
    }
  }

  @Test
  void grantsOnlyTheCommandFilters() throws Exception {
    TestDevices.register(gateway.registry(), "cmd-03@acme", PARK);
    try (MqttAsyncClient client = connect("cmd-03@acme")) {
      IMqttToken token =
          client.subscribe(
              new String[] {
                "command///req/#", "telemetry/#", "command///res/#", "#", "command///req/+/+"
              },
              new int[] {1, 1, 1, 0, 2});
      token.waitForCompletion(10_000);

      assertThat(token.getGrantedQos()).containsExactly(1, 128, 128, 128, 1);
      assertThat(client.isConnected()).isTrue();
      client.disconnect().waitForCompletion(5_000);
    }
  }

  @Test
  void doesNotDeliverToADeviceThatDidNotSubscribe() throws Exception {
    DeviceRef device = TestDevices.register(gateway.registry(), "cmd-04@acme", PARK);
    try (MqttAsyncClient client = connect("cmd-04@acme")) {
      double before = counter("parkpulse.gateway.commands.unsubscribed");

      send(command(device, "status", "{}", 30));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> counter("parkpulse.gateway.commands.unsubscribed") == before + 1);
      client.disconnect().waitForCompletion(5_000);
    }
  }

  @Test
  void publishesTheWillOnlyWhenTheConnectionEndsWithoutDisconnect() throws Exception {
    TestDevices.register(gateway.registry(), "will-01@acme", PARK);
    String will =
        "{\"type\":\"agent.lost\",\"ts\":\"2026-11-29T03:00:00Z\","
            + "\"attributes\":{\"since\":\"gone without a disconnect\"}}";
    try (MqttAsyncClient client = connectWithWill("will-01@acme", "event", will)) {
      client.disconnect().waitForCompletion(5_000);
    }
    PowerCut.cut(
        connectWithWill("will-01@acme", "e", will)); // no DISCONNECT packet: as if power was cut

    awaitEventTypes(
        "acme/will-01",
        DeviceEvent.CONNECTED,
        DeviceEvent.DISCONNECTED,
        DeviceEvent.CONNECTED,
        DeviceEvent.CONNECTION_LOST,
        "agent.lost");
    var records = TopicReader.readAll(EVENTS, "acme/will-01");
    DeviceEvent lost = new EventCodec().decode(records.get(records.size() - 1).value());
    assertThat(lost.attributes()).containsEntry("since", "gone without a disconnect");
    assertThat(lost.ts()).isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
  }

  @Test
  void deadLettersAWillThatIsNotAnEvent() throws Exception {
    TestDevices.register(gateway.registry(), "will-02@acme", PARK);
    PowerCut.cut(connectWithWill("will-02@acme", "event", "gone"));

    awaitEventTypes("acme/will-02", DeviceEvent.CONNECTED, DeviceEvent.CONNECTION_LOST);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var dead = TopicReader.readAll(ParkTopic.deadLetter("parkpulse"), "acme/will-02");
              assertThat(dead).hasSize(1);
              assertThat(new String(dead.get(0).value(), UTF_8)).isEqualTo("gone");
              assertThat(
                      new String(
                          dead.get(0).headers().lastHeader(DeadLetter.ORIGIN).value(), UTF_8))
                  .isEqualTo("mqtt:event");
            });
  }

  private MqttAsyncClient connect(String username) throws Exception {
    return TestDevices.connect(gateway.mqttPort(), username, TestDevices.SECRET);
  }

  private MqttAsyncClient connectWithWill(String username, String topic, String payload)
      throws Exception {
    return TestDevices.connect(
        gateway.mqttPort(),
        username,
        TestDevices.SECRET,
        options -> options.setWill(topic, payload.getBytes(UTF_8), 1, false));
  }

  private static BlockingQueue<Received> subscribe(MqttAsyncClient client, String filter)
      throws Exception {
    BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    IMqttToken token =
        client.subscribe(filter, 1, (topic, message) -> received.add(new Received(topic, message)));
    token.waitForCompletion(10_000);
    assertThat(token.getGrantedQos()).containsExactly(1);
    return received;
  }

  private static CommandRequest command(
      DeviceRef device, String name, String payload, int expiresInSeconds) {
    return new CommandRequest(
        PARK,
        device,
        UUID.randomUUID().toString().replace("-", ""),
        name,
        payload,
        Instant.now().plusSeconds(expiresInSeconds));
  }

  /** Writes {@code request} to the park's commands topic, as the platform does. */
  private static void send(CommandRequest request) throws Exception {
    synchronized (CommandsIT.class) {
      if (producer == null) {
        producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
                new StringSerializer(),
                new ByteArraySerializer());
      }
    }
    producer
        .send(
            new ProducerRecord<>(
                COMMANDS, request.device().kafkaKey(), new CommandRequestCodec().encode(request)))
        .get(30, TimeUnit.SECONDS);
  }

  private double counter(String name) {
    Counter counter = meters.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Waits until the park's events topic holds exactly these event types for {@code key}. */
  private static void awaitEventTypes(String key, String... types) {
    EventCodec codec = new EventCodec();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        TopicReader.readAll(EVENTS, key).stream()
                            .map(
                                r -> {
                                  try {
                                    return codec.decode(r.value()).type();
                                  } catch (Exception e) {
                                    throw new AssertionError(e);
                                  }
                                })
                            .toList())
                    .isEqualTo(List.of(types)));
  }
}
