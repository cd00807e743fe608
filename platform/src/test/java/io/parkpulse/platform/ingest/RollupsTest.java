package io.parkpulse.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.Rollups.Aggregate;
import io.parkpulse.platform.ingest.Rollups.Key;
import io.parkpulse.platform.telemetry.readmodel.Resolution;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollupsTest {

  private static final DeviceRef PRESS = new DeviceRef("acme", "press-01");
  private static final java.util.function.Function<String, java.time.ZoneId> UTC =
      park -> ZoneOffset.UTC;
  private static final Instant T0 = Instant.parse("2026-11-29T03:00:00Z");

  @Test
  void aggregatesNumbersAndBooleansPerPointAndBucketButNotStrings() {
    Map<Key, Aggregate> rollups =
        Rollups.of(
            List.of(
                reading(1, 10, Map.of("kw", 2.0, "on", true, "state", "RUNNING")),
                reading(2, 70, Map.of("kw", 4.0, "on", false)),
                reading(3, 80, Map.of("kw", 6.0))),
            UTC);

    Aggregate minute0 = rollups.get(key(Resolution.MINUTE, "kw", T0));
    assertThat(minute0.count()).isEqualTo(1);
    Aggregate minute1 = rollups.get(key(Resolution.MINUTE, "kw", T0.plusSeconds(60)));
    assertThat(minute1.count()).isEqualTo(2);
    assertThat(minute1.sum()).isEqualTo(10.0);
    assertThat(minute1.first()).isEqualTo(4.0);
    assertThat(minute1.last()).isEqualTo(6.0);

    Aggregate hour = rollups.get(key(Resolution.HOUR, "kw", T0));
    assertThat(hour.count()).isEqualTo(3);
    assertThat(hour.min()).isEqualTo(2.0);
    assertThat(hour.max()).isEqualTo(6.0);
    assertThat(rollups.get(key(Resolution.DAY, "on", Instant.parse("2026-11-29T00:00:00Z"))).sum())
        .isEqualTo(1.0);
    assertThat(rollups.keySet()).noneMatch(k -> k.point().equals("state"));
  }

  @Test
  void firstAndLastFollowTheReadingTimeNotTheArrivalOrder() {
    Map<Key, Aggregate> rollups =
        Rollups.of(
            List.of(
                reading(9, 50, Map.of("good", 90L)),
                reading(7, 10, Map.of("good", 70L)),
                reading(8, 30, Map.of("good", 80L))),
            UTC);
    Aggregate minute = rollups.get(key(Resolution.MINUTE, "good", T0));
    assertThat(minute.first()).isEqualTo(70.0);
    assertThat(minute.last()).isEqualTo(90.0);
    assertThat(minute.firstTs()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void daysAreTheParksLocalDays() {
    // 2026-11-29T17:00Z is already 30 November in Shanghai (UTC+8).
    TelemetryRecord evening =
        new TelemetryRecord(
            "north",
            PRESS,
            1,
            Instant.parse("2026-11-29T17:00:00Z"),
            Instant.parse("2026-11-29T17:00:00Z"),
            Map.of("kw", 1.0));
    Map<Key, Aggregate> rollups =
        Rollups.of(List.of(evening), park -> java.time.ZoneId.of("Asia/Shanghai"));
    assertThat(
            rollups.get(
                new Key(
                    Resolution.DAY,
                    "north",
                    "acme",
                    "press-01",
                    "kw",
                    Instant.parse("2026-11-29T16:00:00Z"))))
        .isNotNull();
    assertThat(rollups.get(key(Resolution.HOUR, "kw", Instant.parse("2026-11-29T17:00:00Z"))))
        .isNotNull();
  }

  private static Key key(Resolution resolution, String point, Instant bucket) {
    return new Key(resolution, "north", "acme", "press-01", point, bucket);
  }

  private static TelemetryRecord reading(long seq, long second, Map<String, Object> metrics) {
    Instant ts = T0.plusSeconds(second);
    return new TelemetryRecord("north", PRESS, seq, ts, ts, metrics);
  }
}
