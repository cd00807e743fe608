package io.parkpulse.platform.maturity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.maturity.readmodel.Assessor;
import io.parkpulse.platform.maturity.reports.ParkReportPdf;
import io.parkpulse.platform.maturity.reports.ParkView;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.CatalogLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Wires the assessor with the configured catalog. */
@ApplicationScoped
public class MaturityBeans {

  /** The bundled catalog, validated at start: a broken catalog stops the platform. */
  @Produces
  @Singleton
  Catalog catalog(PlatformConfig config) {
    return new CatalogLoader().bundled(config.maturity().catalog());
  }

  @Produces
  @Singleton
  Assessor assessor(
      DataSource dataSource, Catalog catalog, PlatformConfig config, ObjectMapper mapper) {
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
        Clock.systemUTC());
  }

  /** The park view, from the assessments kept; the API and the portal read it. */
  @Produces
  @Singleton
  ParkView parkView(DataSource dataSource, Catalog catalog, ObjectMapper mapper) {
    return new ParkView(dataSource, catalog, mapper, Clock.systemUTC());
  }

  /** PDF reports, with the configured CJK fonts. */
  @Produces
  @Singleton
  ParkReportPdf parkReportPdf(PlatformConfig config) {
    return new ParkReportPdf(config.report().font().stream().map(Path::of).toList());
  }

  void close(@Disposes Assessor assessor) {
    assessor.close();
  }
}
