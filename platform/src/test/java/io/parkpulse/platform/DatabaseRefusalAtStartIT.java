package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.postgres.Database;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged platform, started as its own process against a PostgreSQL that refuses it, ends at
 * once with one line saying what to fix, rather than retrying or printing a stack trace.
 *
 * <p>A {@code @QuarkusTest} although it tests another process: only the Quarkus tests' class loader
 * holds the test JVM's shared PostgreSQL server and Kafka broker; a plain test would start others,
 * and their directories' clean-up would pull the shared ones away.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DatabaseRefusalAtStartIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  private static RefusableRole role;

  @BeforeAll
  static void createRole() {
    role = RefusableRole.create();
  }

  @AfterAll
  static void dropRole() {
    role.close();
  }

  @Test
  void exitsNamingTheCredentialsWhenPostgresRefusesThePassword() throws Exception {
    Result result = start("wrong-password", role.as("not-the-password"));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains(
            "The platform cannot start: PostgreSQL refused the platform's credentials (user "
                + role.name()
                + "): check quarkus.datasource.username and quarkus.datasource.password"
                + " (PARKPULSE_DB_USER, PARKPULSE_DB_PASSWORD)")
        .contains("password authentication failed")
        .doesNotContain("\tat ");
  }

  @Test
  void exitsSayingTheDatabaseDoesNotExist() throws Exception {
    Result result = start("missing-database", role.missingDatabase());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("The platform cannot start: the database named in quarkus.datasource.jdbc.url")
        .contains("does not exist")
        .contains("PARKPULSE_DB_URL")
        .doesNotContain("\tat ");
  }

  /**
   * Starts the platform on {@code db} and waits for it to end; a platform that does not end within
   * two minutes fails the test.
   */
  private static Result start(String name, Database db) throws Exception {
    assertThat(JAR).as("the packaged platform (mvn package)").isRegularFile();
    Path log = TestDirs.create("refusal-" + name).resolve("platform.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dquarkus.http.port=0");
    command.add(
        "-Dparkpulse.platform.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers());
    command.add("-Dquarkus.datasource.jdbc.url=" + db.jdbcUrl());
    command.add("-Dquarkus.datasource.reactive.url=" + db.reactiveUrl());
    command.add("-Dquarkus.datasource.username=" + db.user());
    command.add("-Dquarkus.datasource.password=" + db.password());
    command.add("-jar");
    command.add(JAR.toString());
    long started = System.nanoTime();
    Process platform =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      boolean ended = platform.waitFor(2, TimeUnit.MINUTES);
      assertThat(ended).as("the platform ended by itself; its output: %s", read(log)).isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf(
          "platform (%s) exited with %d after %s%n", name, platform.exitValue(), took);
      return new Result(platform.exitValue(), read(log));
    } finally {
      platform.destroyForcibly();
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log);
  }

  private record Result(int exitCode, String output) {}
}
