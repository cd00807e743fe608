package io.parkpulse.platform.energy.jobs;

import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.EnergyMonth;
import io.parkpulse.model.EnergyMonthCodec;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.platform.access.Tokens;
import io.parkpulse.platform.energy.accounting.FactorUse;
import io.parkpulse.platform.energy.accounting.Figures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseFigures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkMonth;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes each enterprise's monthly record on {@code {prefix}.{park}.energy.v1} when its figures
 * are new or changed, with the next revision. What was published is kept ({@code
 * energy_month_record}: revision, the figures' hash, the record) only once Kafka acknowledged it: a
 * run cut off in between publishes the same revision again, which readers keeping the highest
 * revision per key take as the same record. An enterprise without any energy data in the month gets
 * no record.
 */
public class MonthRecords implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MonthRecords.class);

  private final DataSource dataSource;
  private final Producer<String, byte[]> producer;
  private final String topicPrefix;
  private final EnergyMonthCodec codec = new EnergyMonthCodec();

  public MonthRecords(
      DataSource dataSource, Producer<String, byte[]> producer, String topicPrefix) {
    this.dataSource = dataSource;
    this.producer = producer;
    this.topicPrefix = topicPrefix;
  }

  /**
   * Publishes the month's changed records.
   *
   * @return the records published
   */
  public int publish(ParkMonth month, Instant now) throws Exception {
    Map<String, Kept> kept = kept(month);
    String topic = new ParkTopic(topicPrefix, month.park(), ParkTopic.Kind.ENERGY).name();
    List<EnergyMonth> changed = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (EnterpriseFigures e : month.enterprises()) {
      Figures f = e.figures();
      if (f.quality().meterDays() == 0 && f.totalTce() == 0) {
        continue;
      }
      try {
        // The hash covers the figures only, not when they were computed nor their revision.
        String hash =
            Tokens.sha256Hex(codec.encode(record(month, e.enterprise(), f, 1, Instant.EPOCH)));
        Kept before = kept.get(e.enterprise());
        if (before != null && before.sha256.equals(hash)) {
          continue;
        }
        changed.add(
            record(month, e.enterprise(), f, before == null ? 1 : before.revision + 1, now));
        hashes.add(hash);
      } catch (IllegalArgumentException | NullPointerException bad) {
        // One enterprise's figures that the record cannot hold (say, a negative register rise)
        // must not hold back the park's other records: it is left out, and said.
        LOG.warnf(
            "park %s, %s: the monthly record of %s is not published: %s",
            month.park(), month.month(), e.enterprise(), bad.getMessage());
      }
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (EnergyMonth r : changed) {
      byte[] value = codec.encode(r);
      values.add(value);
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, r.kafkaKey(), value);
      CloudEvents.headers(EnergyMonth.EVENT_TYPE, EnergyMonth.source(r.enterprise()), now)
          .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      sent.add(producer.send(record));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Future<RecordMetadata> f : sent) {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    keep(changed, hashes, values, now);
    return changed.size();
  }

  /** The record of an enterprise's month. */
  static EnergyMonth record(
      ParkMonth month, String enterprise, Figures f, int revision, Instant computedAt) {
    List<EnergyMonth.CarrierFigure> carriers = new ArrayList<>();
    f.quantity()
        .forEach(
            (carrier, quantity) ->
                carriers.add(
                    new EnergyMonth.CarrierFigure(
                        EnergyMonth.Carrier.of(carrier.id()).orElseThrow(),
                        quantity,
                        carrier.unit(),
                        f.tce().getOrDefault(carrier, 0.0))));
    List<EnergyMonth.FactorUsed> factors = new ArrayList<>();
    for (FactorUse u : f.factors()) {
      factors.add(
          new EnergyMonth.FactorUsed(
              EnergyMonth.Carrier.of(u.carrier().id()).orElseThrow(),
              EnergyMonth.FactorKind.valueOf(u.kind().name()),
              u.factorId(),
              u.value(),
              u.unit(),
              u.source(),
              u.validFrom()));
    }
    return new EnergyMonth(
        month.park(),
        enterprise,
        month.month(),
        revision,
        computedAt,
        f.electricityKwh(),
        f.unmonitoredKwh(),
        f.pvKwh(),
        f.greenKwh(),
        f.gridKwh(),
        carriers,
        f.totalTce(),
        f.tco2(),
        finite(f.cleanShare()),
        finite(f.co2PerTce()),
        f.threshold(),
        f.meetsCore(),
        f.goodUnits() == null ? null : Math.round(f.goodUnits()),
        f.kwhPerGood(),
        new EnergyMonth.Quality(
            f.quality().meters(),
            f.quality().meterDays(),
            f.quality().monitoredMeterDays(),
            f.quality().completeness(),
            f.quality().unmonitoredKwh(),
            f.quality().metersWithoutData(),
            f.quality().flags().size()),
        factors);
  }

  private record Kept(int revision, String sha256) {}

  private Map<String, Kept> kept(ParkMonth month) throws SQLException {
    Map<String, Kept> kept = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT enterprise, revision, sha256 FROM energy_month_record"
                    + " WHERE park = ? AND month = ?")) {
      q.setString(1, month.park());
      q.setDate(2, Date.valueOf(month.month().atDay(1)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          kept.put(rs.getString(1), new Kept(rs.getInt(2), rs.getString(3)));
        }
      }
    }
    return kept;
  }

  private void keep(
      List<EnergyMonth> records, List<String> hashes, List<byte[]> values, Instant now)
      throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement up =
            c.prepareStatement(
                "INSERT INTO energy_month_record (enterprise, month, park, revision, sha256,"
                    + " record, published_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)"
                    + " ON CONFLICT (enterprise, month) DO UPDATE SET park = excluded.park,"
                    + " revision = excluded.revision, sha256 = excluded.sha256,"
                    + " record = excluded.record, published_at = excluded.published_at")) {
      for (int i = 0; i < records.size(); i++) {
        EnergyMonth r = records.get(i);
        up.setString(1, r.enterprise());
        up.setDate(2, Date.valueOf(r.month().atDay(1)));
        up.setString(3, r.park());
        up.setInt(4, r.revision());
        up.setString(5, hashes.get(i));
        up.setString(6, new String(values.get(i), StandardCharsets.UTF_8));
        up.setTimestamp(7, Timestamp.from(now));
        up.addBatch();
      }
      up.executeBatch();
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  @Override
  public void close() {
    producer.close();
  }
}
