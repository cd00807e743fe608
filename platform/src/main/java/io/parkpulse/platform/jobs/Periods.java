package io.parkpulse.platform.jobs;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The period a scheduled job runs for, the same on every replica: the start of a fixed interval
 * since the epoch, or the last time a cron schedule fired.
 */
public final class Periods {

  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private Periods() {}

  /** The start of the {@code interval} that holds {@code now}. */
  public static Instant every(Instant now, Duration interval) {
    long millis = interval.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), millis) * millis);
  }

  /**
   * When the Quartz cron {@code schedule} (as Quarkus' {@code @Scheduled(cron)} reads it) last
   * fired at or before {@code now}, in {@code zone}.
   *
   * @throws IllegalArgumentException for a schedule that is no cron expression
   */
  public static Optional<Instant> lastFired(String schedule, Instant now, ZoneId zone) {
    ExecutionTime times = ExecutionTime.forCron(QUARTZ.parse(schedule));
    // Quartz schedules have seconds at the finest: the last firing before the next second.
    ZonedDateTime nextSecond = now.atZone(zone).withNano(0).plusSeconds(1);
    return times.lastExecution(nextSecond).map(ZonedDateTime::toInstant);
  }
}
