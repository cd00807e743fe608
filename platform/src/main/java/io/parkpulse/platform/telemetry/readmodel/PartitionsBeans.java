package io.parkpulse.platform.telemetry.readmodel;

import io.parkpulse.platform.PlatformConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The telemetry partitions of the configured database, for the park provisioning. */
public class PartitionsBeans {

  @Produces
  @Singleton
  Partitions partitions(DataSource dataSource, PlatformConfig config) {
    return new Partitions(dataSource, config.storage().daysAhead());
  }
}
