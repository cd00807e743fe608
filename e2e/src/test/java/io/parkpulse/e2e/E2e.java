package io.parkpulse.e2e;

import io.parkpulse.devstack.kafka.KafkaBroker;

/** What the system tests share: they run against one database per test JVM. */
final class E2e {

  /** Password of the platform admin, created by whichever platform starts first. */
  static final String ADMIN_PASSWORD = "e2e-admin-password";

  /**
   * The Kafka broker of the system tests, secured as the bundled deployments run it: the apps log
   * in as {@code platform} and {@code gateway}, and the platform grants the gateway its ACLs.
   */
  static KafkaBroker kafka() {
    return KafkaBroker.sharedSecured();
  }

  private E2e() {}
}
