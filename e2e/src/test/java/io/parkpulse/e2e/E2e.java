package io.parkpulse.e2e;

/** What the system tests share: they run against one database per test JVM. */
final class E2e {

  /** Password of the platform admin, created by whichever platform starts first. */
  static final String ADMIN_PASSWORD = "e2e-admin-password";

  private E2e() {}
}
