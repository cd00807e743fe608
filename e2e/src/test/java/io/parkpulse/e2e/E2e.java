package io.parkpulse.e2e;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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

  /** The folder the system tests work in. */
  static Path work() throws IOException {
    Path work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    Files.createDirectories(work);
    return work;
  }

  /** Where the browser tests save their screenshots, beside {@link #work()}. */
  static Path screenshots() throws IOException {
    return work().resolveSibling("portal-screenshots");
  }

  private static String platformOnly;

  /**
   * The address of the platform on its own, with the shared broker and database: what the portal's
   * page tests that seed their data through the API and SQL need. It starts with the first test
   * that asks and serves every such test of this JVM (each keeps to its own park and users), and
   * stops when the JVM exits.
   */
  static synchronized String platformOnly() throws Exception {
    if (platformOnly == null) {
      int port = Ports.free();
      ManagedProcess platform =
          new Apps(work())
              .platform(
                  Path.of(System.getProperty("parkpulse.platform.jar")),
                  port,
                  kafka(),
                  Postgres.sharedForTests().database(),
                  ADMIN_PASSWORD,
                  Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "platform-only-stop"));
      platform.awaitHttpOk(Apps.readyUrl(port), Duration.ofSeconds(120));
      platformOnly = "http://127.0.0.1:" + port;
    }
    return platformOnly;
  }

  private E2e() {}
}
