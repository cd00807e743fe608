package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.platform.integrations.readmodel.ConsumerGroups.Client;
import io.parkpulse.platform.integrations.readmodel.KafkaClientSampler;
import io.parkpulse.platform.maturity.readmodel.IndicatorQueries;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka half of O9 against a real broker: real consumers in groups named after enterprises read
 * the parks' topics; the platform's sampling credits exactly the group of an enterprise that reads
 * its own park, shows it to whoever sees that enterprise, counts it in O9 while it is active and
 * stops counting it as active once it has left and its offsets stand still.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class KafkaClientsIT {

  private static final String TELEMETRY = "parkpulse.kc-park.telemetry.v1";
  private static final String OTHER_TELEMETRY = "parkpulse.kc-other.telemetry.v1";

  @Inject KafkaClientSampler sampler;
  @Inject DataSource dataSource;

  private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();

  @AfterEach
  void closeConsumers() {
    consumers.forEach(KafkaConsumer::close);
  }

  @Test
  void creditsAnEnterpriseWithTheConsumersOfItsOwnParkOnly() throws Exception {
    Api admin = Api.admin();
    admin.park("kc-park");
    admin.park("kc-other");
    admin.enterprise("kc-park", "kc-a");
    admin.enterprise("kc-park", "kc-b");
    admin.enterprise("kc-other", "kc-x");
    produce(TELEMETRY, 5);
    produce(OTHER_TELEMETRY, 3);

    KafkaConsumer<byte[], byte[]> mes = consume("parkpulse.kc-park.kc-a.mes", TELEMETRY, 5);
    // kc-a's name on another park's data, kc-x named in kc-park's prefix, the park's own
    // integrator (no enterprise named): credit for nobody.
    consume("parkpulse.kc-park.kc-a.bi", OTHER_TELEMETRY, 3);
    consume("parkpulse.kc-park.kc-x.spy", TELEMETRY, 5);
    consume("parkpulse.kc-park.erp-sync", TELEMETRY, 5);

    List<Client> sampled = sampler.sample();

    assertThat(sampled).extracting(Client::groupId).containsExactly("parkpulse.kc-park.kc-a.mes");
    JsonPath listed =
        admin
            .request()
            .get("/api/v1/enterprises/kc-a/kafka-clients")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(listed.getList("groupId")).containsExactly("parkpulse.kc-park.kc-a.mes");
    assertThat(listed.getList("[0].topics")).containsExactly(TELEMETRY);
    assertThat(listed.getInt("[0].members")).isEqualTo(1);
    String firstActive = listed.getString("[0].lastActive");
    assertThat(firstActive).isNotNull();
    assertThat(
            admin
                .request()
                .get("/api/v1/enterprises/kc-x/kafka-clients")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("groupId"))
        .isEmpty();

    // Another enterprise's admin does not see kc-a's clients; kc-a's own viewer does.
    Api otherAdmin = admin.user("kc-b-admin", "enterprise-admin", null, "kc-b");
    otherAdmin.request().get("/api/v1/enterprises/kc-a/kafka-clients").then().statusCode(404);
    Api viewer = admin.user("kc-a-viewer", "enterprise-viewer", null, "kc-a");
    viewer.request().get("/api/v1/enterprises/kc-a/kafka-clients").then().statusCode(200);

    IndicatorQueries queries = new IndicatorQueries(dataSource);
    IndicatorValue o9 = queries.compute("kc-a", Instant.now(), Duration.ofDays(30)).get("O9");
    assertThat(o9.value()).isEqualTo(1.0);
    assertThat(o9.source())
        .isEqualTo("0 API tokens used, 1 Kafka clients active (parkpulse.kc-park.kc-a.mes)");
    assertThat(queries.compute("kc-x", Instant.now(), Duration.ofDays(30)).get("O9").value())
        .isZero();

    // The MES leaves; with no members and the same offsets it is no longer active.
    mes.close();
    consumers.remove(mes);
    Thread.sleep(50);
    List<Client> after = sampler.sample();
    assertThat(after)
        .extracting(Client::groupId, Client::members, Client::active)
        .containsExactly(tuple("parkpulse.kc-park.kc-a.mes", 0, false));
    JsonPath relisted =
        admin
            .request()
            .get("/api/v1/enterprises/kc-a/kafka-clients")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(relisted.getInt("[0].members")).isZero();
    assertThat(relisted.getString("[0].lastActive")).isEqualTo(firstActive);
    // A window that starts after its last activity does not count it.
    assertThat(queries.compute("kc-a", Instant.now(), Duration.ofMillis(1)).get("O9").value())
        .isZero();
  }

  private static void produce(String topic, int records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        producer
            .send(new ProducerRecord<>(topic, ("r" + i).getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
  }

  /** A consumer in {@code group} that has read and committed {@code records} of {@code topic}. */
  private KafkaConsumer<byte[], byte[]> consume(String group, String topic, int records) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumers.add(consumer);
    consumer.subscribe(List.of(topic));
    int read = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (read < records && System.nanoTime() < deadline) {
      read += consumer.poll(Duration.ofMillis(200)).count();
    }
    assertThat(read).as("records read by %s", group).isEqualTo(records);
    consumer.commitSync();
    return consumer;
  }
}
