package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two requests that create the same id at the same moment: one is created, the other answers 409 as
 * a request after it would, never a 500.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ConcurrentCreateIT {

  private static final int RACERS = 6;

  @Test
  void sameEnterpriseCreatedAtOnceGivesOneCreatedAndConflicts() throws Exception {
    Api admin = Api.admin();
    admin.park("race-park");
    for (int round = 0; round < 3; round++) {
      String id = "race-co-" + round;
      Map<String, Object> body =
          Map.of(
              "id",
              id,
              "park",
              "race-park",
              "name",
              "Race",
              "industry",
              "textiles",
              "size",
              "small");
      List<Integer> statuses =
          race(() -> admin.request().body(body).post("/api/v1/enterprises").statusCode());
      assertThat(statuses).as("round %d", round).containsOnly(201, 409);
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    }
  }

  @Test
  void sameAlarmRuleCreatedAtOnceGivesOneCreatedAndConflicts() throws Exception {
    Api admin = Api.admin();
    admin.park("race-rules");
    for (int round = 0; round < 3; round++) {
      Map<String, Object> body = new HashMap<>();
      body.put("id", "race-rule-" + round);
      body.put("park", "race-rules");
      body.put("name", "hot");
      body.put("pointKind", "temperature.c");
      body.put("condition", "above");
      body.put("threshold", 80.0);
      body.put("forSeconds", 60);
      body.put("severity", "critical");
      body.put("slaSeconds", 600);
      List<Integer> statuses =
          race(() -> admin.request().body(body).post("/api/v1/alarm-rules").statusCode());
      assertThat(statuses).as("round %d", round).containsOnly(201, 409);
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    }
  }

  /** Sends the same request from several threads released together; their statuses. */
  private static List<Integer> race(Supplier<Integer> request) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(RACERS);
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      sent.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return request.get();
              },
              threads));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<Integer> f : sent) {
      statuses.add(f.get());
    }
    threads.shutdown();
    return statuses;
  }
}
