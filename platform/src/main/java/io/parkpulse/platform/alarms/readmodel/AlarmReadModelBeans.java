package io.parkpulse.platform.alarms.readmodel;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The alarm rules' read model (stored telemetry for a preview) on the platform's database. */
public class AlarmReadModelBeans {

  @Produces
  @Singleton
  RuleHistory ruleHistory(DataSource dataSource) {
    return new RuleHistory(dataSource);
  }
}
