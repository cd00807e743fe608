package io.parkpulse.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parkpulse.platform.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two replicas' leases on one PostgreSQL: a period runs once, and is taken over if abandoned. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class JobLeasesIT {

  private static final Duration LEASE = Duration.ofSeconds(30);

  @Inject DataSource dataSource;

  @Test
  void aPeriodRunsOnceWhicheverReplicaAsksFirst() throws Exception {
    JobLeases one = new JobLeases(dataSource);
    JobLeases two = new JobLeases(dataSource);
    Instant period = Instant.parse("2026-01-01T02:00:00Z");
    AtomicInteger runs = new AtomicInteger();

    assertThat(one.runOnce("once-test", period, LEASE, runs::incrementAndGet)).isTrue();
    assertThat(two.runOnce("once-test", period, LEASE, runs::incrementAndGet)).isFalse();
    assertThat(one.runOnce("once-test", period, LEASE, runs::incrementAndGet)).isFalse();
    assertThat(runs).hasValue(1);
    // The next period is a run of its own.
    assertThat(two.runOnce("once-test", period.plusSeconds(86_400), LEASE, runs::incrementAndGet))
        .isTrue();
    assertThat(runs).hasValue(2);
  }

  @Test
  void whileOneReplicaRunsAPeriodAnotherSkipsIt() throws Exception {
    JobLeases one = new JobLeases(dataSource);
    JobLeases two = new JobLeases(dataSource);
    Instant period = Instant.parse("2026-01-02T02:00:00Z");
    AtomicInteger othersRuns = new AtomicInteger();

    assertThat(
            one.runOnce(
                "busy-test",
                period,
                LEASE,
                () ->
                    assertThat(two.runOnce("busy-test", period, LEASE, othersRuns::incrementAndGet))
                        .isFalse()))
        .isTrue();
    assertThat(othersRuns).hasValue(0);
  }

  @Test
  void aPeriodAbandonedByAReplicaThatDiedIsTakenOverWhenItsLeaseRunsOut() throws Exception {
    JobLeases dead = new JobLeases(dataSource);
    JobLeases alive = new JobLeases(dataSource);
    Instant period = Instant.parse("2026-01-03T02:00:00Z");
    AtomicInteger runs = new AtomicInteger();

    // Claimed, then never renewed nor finished: the replica died.
    assertThat(dead.claim("takeover-test", period, Duration.ofSeconds(2))).isTrue();
    assertThat(alive.runOnce("takeover-test", period, LEASE, runs::incrementAndGet)).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alive.runOnce("takeover-test", period, LEASE, runs::incrementAndGet));
    assertThat(runs).hasValue(1);
  }

  @Test
  void aRunThatFailedLeavesThePeriodToTheNextClaim() throws Exception {
    JobLeases one = new JobLeases(dataSource);
    JobLeases two = new JobLeases(dataSource);
    Instant period = Instant.parse("2026-01-04T02:00:00Z");

    assertThatThrownBy(
            () ->
                one.runOnce(
                    "failing-test",
                    period,
                    LEASE,
                    () -> {
                      throw new IllegalStateException("PostgreSQL went away");
                    }))
        .hasMessage("PostgreSQL went away");
    AtomicInteger runs = new AtomicInteger();
    assertThat(two.runOnce("failing-test", period, LEASE, runs::incrementAndGet)).isTrue();
    assertThat(runs).hasValue(1);
  }

  @Test
  void aLongRunKeepsItsLeaseByRenewingIt() throws Exception {
    JobLeases one = new JobLeases(dataSource);
    JobLeases two = new JobLeases(dataSource);
    Instant period = Instant.parse("2026-01-05T02:00:00Z");
    Duration shortLease = Duration.ofMillis(900);

    assertThat(
            one.runOnce(
                "renewal-test",
                period,
                shortLease,
                () -> {
                  // Three leases long: without renewals, the other replica would take over.
                  long until = System.nanoTime() + Duration.ofMillis(2_700).toNanos();
                  while (System.nanoTime() < until) {
                    assertThat(two.claim("renewal-test", period, shortLease)).isFalse();
                    Thread.sleep(100);
                  }
                }))
        .isTrue();
  }
}
