package io.parkpulse.platform.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;

/** Makes the ingest's writers on the platform's database, one per ingest consumer. */
@ApplicationScoped
public class TelemetryWriters {

  private final DataSource dataSource;

  TelemetryWriters(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A writer that stores at most {@code maxBatch} records in one COPY. */
  public TelemetryWriter create(int maxBatch) {
    return new TelemetryWriter(dataSource, maxBatch);
  }
}
