package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The provisioning API's request bodies, fuzzed against the platform running as its own process
 * (real PostgreSQL and Kafka), signed in as the platform admin: parks, enterprises, devices,
 * profiles, users, tokens and limits. Whatever the body, the answer is a 2xx or a 4xx that says
 * what is wrong, never a 5xx, and the platform stays ready. The platform is another JVM, so this
 * target is fuzzed without coverage feedback (mutation of the seeds only).
 */
class ProvisioningFuzzIT {

  private static final String[][] ROUTES = {
    {"POST", "/api/v1/parks"},
    {"PUT", "/api/v1/parks/fuzz-park"},
    {"PUT", "/api/v1/parks/fuzz-park/limits"},
    {"POST", "/api/v1/enterprises"},
    {"PUT", "/api/v1/enterprises/fuzz-ent/limits"},
    {"POST", "/api/v1/enterprises/fuzz-ent/devices"},
    {"PUT", "/api/v1/enterprises/fuzz-ent/devices/fuzz-dev"},
    {"POST", "/api/v1/profiles"},
    {"POST", "/api/v1/users"},
    {"POST", "/api/v1/tokens"},
    {"PUT", "/api/v1/enterprises/fuzz-ent/questionnaire/digital-plan"},
  };

  private static ManagedProcess platform;
  private static String base;
  private static String token;
  private static long inputs;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void startThePlatform() throws Exception {
    Path work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    Files.createDirectories(work);
    int port = Ports.free();
    platform =
        new Apps(work)
            .platform(
                Path.of(System.getProperty("parkpulse.platform.jar")),
                port,
                E2e.kafka(),
                Postgres.sharedForTests().database(),
                E2e.ADMIN_PASSWORD,
                // Bodies that create a park create its topics on the broker in this JVM: one
                // partition each keeps the broker's open files (segments and indexes) to a third.
                Map.of("PARKPULSE_PLATFORM_KAFKA_PARTITIONS", "1"));
    platform.awaitHttpOk(Apps.readyUrl(port), Duration.ofSeconds(120));
    base = "http://127.0.0.1:" + port;
    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.ensurePark("fuzz-park", "Fuzzed park");
    admin.ensureEnterprise("fuzz-park", "fuzz-ent", "Fuzz", "machining", "small");
    admin.deviceSecret("fuzz-ent", "fuzz-dev", "Fuzzed device");
    token = admin.token();
  }

  @AfterAll
  static void stopThePlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @FuzzTest(maxDuration = "10m")
  void anyBodyGetsAnAnswerThatIsNoServerError(FuzzedDataProvider data) throws Exception {
    // Jazzer's request-forgery detector flags every connection: these go to the platform only.
    int allowed = URI.create(base).getPort();
    try (SilentCloseable network =
        BugDetectors.allowNetworkConnections(
            (host, to) ->
                to == allowed && (host.equals("127.0.0.1") || host.equals("localhost")))) {
      String[] route = ROUTES[data.consumeInt(0, ROUTES.length - 1)];
      String body = data.consumeRemainingAsString();
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + route[1]))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .method(route[0], HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode())
          .as("%s %s with %s answered %s", route[0], route[1], body, answer.body())
          .isLessThan(500);
      if (++inputs % 100 == 0) {
        assertThat(platform.isAlive()).isTrue();
      }
    }
  }
}
