package io.parkpulse.platform.geo.readmodel;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The positions read model on the platform's database. */
public class GeoReadModelBeans {

  @Produces
  @Singleton
  PositionStore positionStore(DataSource dataSource) {
    return new PositionStore(dataSource);
  }
}
