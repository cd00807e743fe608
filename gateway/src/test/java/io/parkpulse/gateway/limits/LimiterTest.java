package io.parkpulse.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LimiterTest {

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-29T12:00:00Z"));
  private final Map<DeviceRef, RegistryEntry> registry = new HashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private Limiter limiter(int instances) {
    return new Limiter(
        d -> Optional.ofNullable(registry.get(d)),
        new Limiter.Settings(Duration.ofSeconds(2), instances),
        new DailyQuotaTest.MovableClock(now),
        nanos::get,
        meters);
  }

  @Test
  void refusesAConnectionBeyondTheEnterprisesMaximumAndNotAnotherEnterprises() {
    Limiter limiter = limiter(1);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(2, 0, 0, 0, 0));
    RegistryEntry a2 = entry("acme", "a2", new RegistryEntry.Limits(2, 0, 0, 0, 0));
    RegistryEntry g1 = entry("globex", "g1", new RegistryEntry.Limits(2, 0, 0, 0, 0));

    assertThat(limiter.tryConnect(a1)).isTrue();
    assertThat(limiter.tryConnect(a2)).isTrue();
    assertThat(limiter.tryConnect(a1)).isFalse();
    assertThat(limiter.tryConnect(g1)).isTrue();

    limiter.disconnected(a2);
    assertThat(limiter.tryConnect(a1)).isTrue();
    assertThat(refused("acme", "connections")).isEqualTo(1);
  }

  @Test
  void givesEachInstanceItsShareOfTheEnterpriseWideLimits() {
    Limiter limiter = limiter(2);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(4, 0, 0, 0, 1_000));

    assertThat(limiter.tryConnect(a1)).isTrue();
    assertThat(limiter.tryConnect(a1)).isTrue();
    assertThat(limiter.tryConnect(a1)).isFalse();
    assertThat(limiter.admit(a1, 500).verdict()).isEqualTo(Limiter.Verdict.ACCEPTED);
    assertThat(limiter.admit(a1, 1).limit()).isEqualTo(Limit.ENTERPRISE_BYTES);
  }

  @Test
  void theShareFollowsTheNumberOfLiveGatewaysAsItChanges() {
    AtomicInteger live = new AtomicInteger(3);
    Limiter limiter =
        new Limiter(
            d -> Optional.ofNullable(registry.get(d)),
            new Limiter.Settings(Duration.ofSeconds(2), live::get),
            new DailyQuotaTest.MovableClock(now),
            nanos::get,
            meters);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(6, 0, 0, 0, 0));

    assertThat(limiter.tryConnect(a1)).isTrue();
    assertThat(limiter.tryConnect(a1)).isTrue();
    assertThat(limiter.tryConnect(a1)).as("a third of 6 with three gateways").isFalse();
    live.set(2);
    assertThat(limiter.tryConnect(a1)).as("a half of 6 once one gateway left").isTrue();
    assertThat(limiter.tryConnect(a1)).isFalse();
  }

  @Test
  void throttlesMessagesOverTheDeviceRateThenRefusesBeyondTheTolerance() {
    Limiter limiter = limiter(1);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(0, 5, 0, 0, 0));
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.admit(a1, 10).verdict()).isEqualTo(Limiter.Verdict.ACCEPTED);
    }

    Limiter.Admission throttled = limiter.admit(a1, 10);
    assertThat(throttled.verdict()).isEqualTo(Limiter.Verdict.THROTTLED);
    assertThat(throttled.limit()).isEqualTo(Limit.DEVICE_RATE);
    assertThat(throttled.delayNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
    // 2 s of tolerance at 5/s: ten messages more may be held back, the next is refused.
    for (int i = 0; i < 9; i++) {
      assertThat(limiter.admit(a1, 10).verdict()).isEqualTo(Limiter.Verdict.THROTTLED);
    }
    Limiter.Admission refused = limiter.admit(a1, 10);
    assertThat(refused.verdict()).isEqualTo(Limiter.Verdict.REFUSED);
    assertThat(refused.limit()).isEqualTo(Limit.DEVICE_RATE);

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(limiter.admit(a1, 10).verdict()).isEqualTo(Limiter.Verdict.THROTTLED);
    assertThat(throttledCount("acme", "device-rate")).isEqualTo(11);
  }

  @Test
  void aDeviceWithinItsRateIsNeverThrottled() {
    Limiter limiter = limiter(1);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(0, 5, 0, 0, 0));

    for (int i = 0; i < 100; i++) {
      assertThat(limiter.admit(a1, 10).verdict()).isEqualTo(Limiter.Verdict.ACCEPTED);
      nanos.addAndGet(Duration.ofMillis(200).toNanos());
    }
  }

  @Test
  void theEnterpriseRateIsSharedByItsDevices() {
    Limiter limiter = limiter(1);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(0, 0, 4, 0, 0));
    RegistryEntry a2 = entry("acme", "a2", new RegistryEntry.Limits(0, 0, 4, 0, 0));
    RegistryEntry g1 = entry("globex", "g1", new RegistryEntry.Limits(0, 0, 4, 0, 0));

    for (int i = 0; i < 2; i++) {
      limiter.admit(a1, 1);
      limiter.admit(a2, 1);
    }

    assertThat(limiter.admit(a2, 1).limit()).isEqualTo(Limit.ENTERPRISE_RATE);
    assertThat(limiter.admit(g1, 1).verdict()).isEqualTo(Limiter.Verdict.ACCEPTED);
  }

  @Test
  void refusesBytesOverTheDeviceQuotaUntilTheNextUtcDay() {
    Limiter limiter = limiter(1);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(0, 0, 0, 100, 1_000));

    assertThat(limiter.admit(a1, 60).verdict()).isEqualTo(Limiter.Verdict.ACCEPTED);
    Limiter.Admission refused = limiter.admit(a1, 60);
    assertThat(refused.verdict()).isEqualTo(Limiter.Verdict.REFUSED);
    assertThat(refused.limit()).isEqualTo(Limit.DEVICE_BYTES);
    assertThat(limiter.admit(a1, 40).verdict()).isEqualTo(Limiter.Verdict.ACCEPTED);

    now.set(Instant.parse("2026-11-30T00:00:01Z"));
    assertThat(limiter.admit(a1, 100).verdict()).isEqualTo(Limiter.Verdict.ACCEPTED);
    assertThat(refused("acme", "device-bytes")).isEqualTo(1);
  }

  @Test
  void aMessageRefusedByTheEnterpriseQuotaDoesNotUseTheDevicesQuota() {
    Limiter limiter = limiter(1);
    RegistryEntry a1 = entry("acme", "a1", new RegistryEntry.Limits(0, 0, 0, 1_000, 100));
    RegistryEntry a2 = entry("acme", "a2", new RegistryEntry.Limits(0, 0, 0, 1_000, 100));

    limiter.admit(a2, 100);
    assertThat(limiter.admit(a1, 50).limit()).isEqualTo(Limit.ENTERPRISE_BYTES);

    assertThat(limiter.bytesToday(a1.device())).isZero();
  }

  @Test
  void appliesTheLimitsOfTheCurrentRegistryEntry() {
    Limiter limiter = limiter(1);
    RegistryEntry connected = entry("acme", "a1", RegistryEntry.Limits.NONE);
    registry.put(
        connected.device(), connected.withLimits(new RegistryEntry.Limits(0, 0, 0, 10, 0)));

    assertThat(limiter.admit(connected, 11).limit()).isEqualTo(Limit.DEVICE_BYTES);
  }

  private double refused(String enterprise, String reason) {
    return meters
        .get("parkpulse.gateway.limit.refused")
        .tag("enterprise", enterprise)
        .tag("reason", reason)
        .counter()
        .count();
  }

  private double throttledCount(String enterprise, String reason) {
    return meters
        .get("parkpulse.gateway.limit.throttled")
        .tag("enterprise", enterprise)
        .tag("reason", reason)
        .counter()
        .count();
  }

  private static RegistryEntry entry(String enterprise, String device, RegistryEntry.Limits l) {
    return new RegistryEntry(
        new DeviceRef(enterprise, device), "north", true, "pbkdf2-sha256$1$AA$AA", List.of(), l);
  }
}
