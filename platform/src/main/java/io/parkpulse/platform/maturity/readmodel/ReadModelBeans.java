package io.parkpulse.platform.maturity.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.maturity.miit.MiitRule;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.topics.Producers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;

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
        Producers.acknowledged(config, "parkpulse-platform-maturity");
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
