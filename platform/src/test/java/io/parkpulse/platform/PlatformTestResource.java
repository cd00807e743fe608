package io.parkpulse.platform;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The test JVM's shared Kafka broker and a fresh PostgreSQL database. */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

  static final String PARK = "plat-test";
  static final String ADMIN = "root";
  static final String ADMIN_PASSWORD = "test-admin-password";

  @Override
  public Map<String, String> start() {
    Database db = Postgres.sharedForTests().database();
    return Map.of(
        "parkpulse.platform.kafka.bootstrap-servers",
        KafkaBroker.shared().bootstrapServers(),
        "parkpulse.platform.auth.admin-user",
        ADMIN,
        "parkpulse.platform.auth.admin-password",
        ADMIN_PASSWORD,
        // Most tests sign in from 127.0.0.1, some with wrong passwords on purpose; AccessIT
        // floods from addresses of its own.
        "parkpulse.platform.auth.max-failures-per-address",
        "1000",
        // No scheduled assessment (a test run between 02:00 and 03:00 would get one in each
        // app): the tests assess when they mean to.
        "parkpulse.platform.maturity.schedule",
        "0 0 2 1 1 ? 2099",
        // The energy job runs when a test calls it, not on a schedule in the middle of one.
        "parkpulse.platform.energy.interval",
        "24H",
        "quarkus.datasource.jdbc.url",
        db.jdbcUrl(),
        "quarkus.datasource.reactive.url",
        db.reactiveUrl(),
        "quarkus.datasource.username",
        db.user(),
        "quarkus.datasource.password",
        db.password());
  }

  @Override
  public void stop() {
    // Broker and database are shared by the JVM's test classes and go when the JVM exits.
  }
}
