package io.parkpulse.platform.telemetry.readmodel;

import io.parkpulse.platform.PlatformConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The telemetry read model and its partitions on the platform's database. */
public class TelemetryReadModelBeans {

  @Produces
  @Singleton
  Partitions partitions(DataSource dataSource, PlatformConfig config) {
    return new Partitions(dataSource, config.storage().daysAhead());
  }

  @Produces
  @Singleton
  TelemetryStore telemetryStore(DataSource dataSource) {
    return new TelemetryStore(dataSource);
  }
}
