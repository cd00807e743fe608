package io.parkpulse.platform.energy.jobs;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.energy.readmodel.EnergyFigures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkMonth;
import io.parkpulse.platform.energy.readmodel.EnergyReadModel;
import io.parkpulse.platform.energy.readmodel.EnergyReadModel.ParkZone;
import io.parkpulse.platform.energy.readmodel.MeterDays;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * What the energy job does for every park: measures its meter days again (today so far and the last
 * {@code recompute-days}; the last {@code backfill-days} for a park never measured), then publishes
 * the records of its closed months whose figures changed. A park that fails is logged and left for
 * the next run; the others go on.
 */
public class EnergyJob implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EnergyJob.class);

  /** Marked months published again per park and run, so that one run stays bounded. */
  static final int STALE_PER_RUN = 6;

  private final MeterDays meterDays;
  private final EnergyReadModel model;
  private final EnergyFigures figures;
  private final MonthRecords records;
  private final PlatformConfig.Energy config;

  public EnergyJob(
      MeterDays meterDays,
      EnergyReadModel model,
      EnergyFigures figures,
      MonthRecords records,
      PlatformConfig.Energy config) {
    this.meterDays = meterDays;
    this.model = model;
    this.figures = figures;
    this.records = records;
    this.config = config;
  }

  /** One run over every park. */
  public void run(Instant now) throws Exception {
    for (ParkZone park : model.parks()) {
      try {
        runPark(park, now);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        LOG.warnf("park %s: energy figures failed: %s; tried again next run", park.id(), e);
      }
    }
  }

  /** Measures one park's recent days and publishes its changed months. */
  public void runPark(ParkZone park, Instant now) throws Exception {
    LocalDate today = LocalDate.ofInstant(now, park.zone());
    int back = meterDays.measuredBefore(park.id()) ? config.recomputeDays() : config.backfillDays();
    for (LocalDate day = today.minusDays(back); !day.isAfter(today); day = day.plusDays(1)) {
      meterDays.measure(park.id(), park.zone(), day, now);
    }
    YearMonth current = YearMonth.from(today);
    Set<YearMonth> months = new TreeSet<>();
    for (int i = config.republishMonths(); i >= 1; i--) {
      months.add(current.minusMonths(i));
    }
    // Older months a change may have altered since they were published (a late declaration, a
    // factor valid from the past, another province), a bounded number per run.
    List<YearMonth> stale = model.staleMonths(park.id(), STALE_PER_RUN);
    months.addAll(stale);
    for (YearMonth month : months) {
      if (!month.isBefore(current)) {
        continue;
      }
      ParkMonth figuresOfMonth = figures.parkMonth(model.settings(park.id(), month), month);
      records.publish(figuresOfMonth, now);
      if (stale.contains(month)) {
        model.clearStale(park.id(), month, now);
      }
    }
  }

  @Override
  public void close() {
    records.close();
  }
}
