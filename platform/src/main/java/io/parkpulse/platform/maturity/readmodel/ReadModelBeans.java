package io.parkpulse.platform.maturity.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.maturity.miit.MiitRule;
import io.parkpulse.platform.maturity.scoring.Catalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wires the JDBC side of maturity: the assessor, with the configured catalog and MIIT rule, and the
 * park view.
 */
@ApplicationScoped
public class ReadModelBeans {

  @Produces
  @Singleton
  Assessor assessor(
      DataSource dataSource,
      Catalog catalog,
      MiitRule miitRule,
      PlatformConfig config,
      ObjectMapper mapper) {
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            config
                .kafka()
                .client(
                    Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "parkpulse-platform-maturity",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true)),
            new StringSerializer(),
            new ByteArraySerializer());
    return new Assessor(
        dataSource,
        catalog,
        producer,
        config.topicPrefix(),
        config.maturity().window(),
        mapper,
        Clock.systemUTC(),
        miitRule);
  }

  /** The assessments kept, as the park view reads them. */
  @Produces
  @Singleton
  ParkAssessments parkAssessments(DataSource dataSource, ObjectMapper mapper) {
    return new ParkAssessments(dataSource, mapper);
  }

  void close(@Disposes Assessor assessor) {
    assessor.close();
  }
}
