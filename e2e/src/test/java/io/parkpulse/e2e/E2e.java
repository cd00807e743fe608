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

  /**
   * The platform on its own, with the shared broker and database, ready for its pages: what the
   * portal's browser tests that seed their data through the API and SQL need.
   *
   * @param platform the running platform, for the test to close
   * @param base its address, e.g. {@code http://127.0.0.1:40123}
   */
  record Platform(ManagedProcess platform, String base) implements AutoCloseable {
    @Override
    public void close() {
      platform.close();
    }
  }

  /** Starts the platform alone and waits until it is ready. */
  static Platform platformOnly() throws Exception {
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
    platform.awaitHttpOk(Apps.readyUrl(port), Duration.ofSeconds(120));
    return new Platform(platform, "http://127.0.0.1:" + port);
  }

  private E2e() {}
}
