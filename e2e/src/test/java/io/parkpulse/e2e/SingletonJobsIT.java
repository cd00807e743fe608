package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.ParkTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three platform replicas on one database share the scheduled assessment: each enterprise is
 * assessed, and its result published, once per period of the schedule, not once per replica. The
 * schedule fires every 10 seconds here instead of daily.
 */
class SingletonJobsIT {

  private static final String PARK = "jobs-park";
  private static final List<String> ENTERPRISES = List.of("jobs-ent-a", "jobs-ent-b");
  private static final Duration PERIOD = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final List<ManagedProcess> running = new ArrayList<>();
  private final Apps apps =
      new Apps(Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work")));
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stopEverything() {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void threeReplicasAssessEachEnterpriseOncePerPeriod() throws Exception {
    Database db = Postgres.sharedForTests().database();
    Map<String, String> schedule =
        Map.of(
            "PARKPULSE_PLATFORM_MATURITY_SCHEDULE", "0/10 * * * * ?",
            "PARKPULSE_PLATFORM_JOBS_CHECK_INTERVAL", "2S");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int port = Ports.free();
      ManagedProcess platform =
          apps.platform(
              Path.of(System.getProperty("parkpulse.platform.jar")),
              port,
              E2e.kafka(),
              db,
              E2e.ADMIN_PASSWORD,
              schedule);
      running.add(platform);
      ports.add(port);
    }
    for (int port : ports) {
      running.get(ports.indexOf(port)).awaitHttpOk(Apps.readyUrl(port), START_TIMEOUT);
    }
    PlatformClient client =
        PlatformClient.login("http://127.0.0.1:" + ports.get(0), "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(PARK, "Jobs park");
    for (String enterprise : ENTERPRISES) {
      client.ensureEnterprise(PARK, enterprise, enterprise, "machining", "small");
    }
    Instant since = Instant.now();

    // Four periods after the enterprises exist, each has been assessed in at least three.
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> assessedInThreePeriods(client, since));

    for (String enterprise : ENTERPRISES) {
      Map<Instant, Integer> perPeriod = assessedPerPeriod(client, enterprise, since);
      assertThat(perPeriod.values())
          .as("assessments of %s per 10-second period: %s", enterprise, perPeriod)
          .allMatch(n -> n == 1);
      // Published once each, too: as many results on the park's maturity topic as assessments.
      long published =
          TopicReader.readAll(
                  E2e.kafka(),
                  new ParkTopic("parkpulse", PARK, ParkTopic.Kind.MATURITY).name(),
                  enterprise)
              .size();
      assertThat(published).isEqualTo(history(client, enterprise).size());
    }
  }

  private boolean assessedInThreePeriods(PlatformClient client, Instant since) throws Exception {
    for (String enterprise : ENTERPRISES) {
      if (assessedPerPeriod(client, enterprise, since).size() < 3) {
        return false;
      }
    }
    return true;
  }

  /** The enterprise's assessments since {@code since}, counted by the schedule's period. */
  private Map<Instant, Integer> assessedPerPeriod(
      PlatformClient client, String enterprise, Instant since) throws Exception {
    Map<Instant, Integer> counts = new TreeMap<>();
    for (JsonNode a : history(client, enterprise)) {
      Instant at = Instant.parse(a.get("assessedAt").asText());
      if (at.isAfter(since)) {
        long start = Math.floorDiv(at.toEpochMilli(), PERIOD.toMillis()) * PERIOD.toMillis();
        counts.merge(Instant.ofEpochMilli(start), 1, Integer::sum);
      }
    }
    return counts;
  }

  private List<JsonNode> history(PlatformClient client, String enterprise) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    json.readTree(client.get("/api/v1/enterprises/" + enterprise + "/assessments?limit=100"))
        .forEach(all::add);
    return all;
  }
}
