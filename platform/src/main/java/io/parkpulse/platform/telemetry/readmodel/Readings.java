package io.parkpulse.platform.telemetry.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A device's raw readings wherever they are stored: rows of the partitioned {@code telemetry} table
 * (the hot days) and hour blocks of {@code telemetry_hour} (compacted days, {@link HourBlock}).
 * Every reader of raw readings goes through here, so none can miss the compacted ones. The two
 * sources are merged in time order; a reading in both (redelivered after its hour was compacted,
 * before the compaction took it in) is returned once.
 */
public final class Readings {

  private static final TypeReference<Map<String, Object>> METRICS = new TypeReference<>() {};
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int FETCH = 1_000;

  /** A device of a park. */
  public record Device(String park, String enterprise, String device) {}

  /** Takes readings one at a time; returns false to stop. */
  public interface Sink {
    boolean accept(StoredReading reading) throws SQLException;
  }

  private Readings() {}

  /**
   * Streams the device's readings taken in {@code [from, to)} after {@code after} (if any), oldest
   * first, to {@code sink} until it returns false, each with only the metrics named in {@code
   * points} (all if null, none if empty).
   */
  public static void scan(
      Connection c,
      Device d,
      Instant from,
      Instant to,
      TelemetryStore.Cursor after,
      Collection<String> points,
      Sink sink)
      throws SQLException {
    // PostgreSQL keeps microseconds: bounds in finer units would round for rows, not for blocks.
    from = from.truncatedTo(ChronoUnit.MICROS);
    to = to.truncatedTo(ChronoUnit.MICROS);
    if (after != null) {
      after = new TelemetryStore.Cursor(after.ts().truncatedTo(ChronoUnit.MICROS), after.seq());
    }
    if (points != null) {
      // In jsonb's key order, as the blocks and the whole metrics of a row give them.
      List<String> sorted = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(points));
      sorted.sort(HourBlock.KEY_ORDER);
      points = sorted;
    }
    boolean autoCommit = c.getAutoCommit();
    // A cursor (fetch size) needs a transaction: the two sources are read side by side.
    c.setAutoCommit(false);
    try (PreparedStatement hot = hotQuery(c, d, from, to, after, points);
        PreparedStatement cold = blockQuery(c, d, from, to, after, false);
        ResultSet hotRows = hot.executeQuery();
        ResultSet blocks = cold.executeQuery()) {
      Iterator<StoredReading> a = new HotRows(hotRows, points);
      Iterator<StoredReading> b = new BlockRows(blocks, points, from, to, after);
      StoredReading x = next(a);
      StoredReading y = next(b);
      while (x != null || y != null) {
        StoredReading first;
        if (y == null || x != null && compare(x, y) < 0) {
          first = x;
          x = next(a);
        } else {
          // The compacted reading was stored first: a row with its ts and seq is a redelivery.
          first = y;
          if (x != null && compare(x, y) == 0) {
            x = next(a);
          }
          y = next(b);
        }
        if (!sink.accept(first)) {
          break;
        }
      }
    } catch (UncheckedSql e) {
      throw e.getCause();
    } finally {
      if (autoCommit) {
        restore(c);
      }
    }
  }

  /** Ends the read-only transaction of a scan; a broken connection is the pool's to drop. */
  private static void restore(Connection c) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // The scan's own outcome (its answer or its error) is what the caller needs.
    }
  }

  /** The readings of {@link #scan}, at most {@code limit}. */
  public static List<StoredReading> list(
      Connection c,
      Device d,
      Instant from,
      Instant to,
      TelemetryStore.Cursor after,
      Collection<String> points,
      int limit)
      throws SQLException {
    List<StoredReading> readings = new java.util.ArrayList<>();
    if (limit > 0) {
      scan(
          c,
          d,
          from,
          to,
          after,
          points,
          r -> {
            readings.add(r);
            return readings.size() < limit;
          });
    }
    return readings;
  }

  /**
   * The latest compacted reading of the device taken at or after {@code since} that {@code where}
   * accepts, with the metrics named in {@code points}; the hot rows are the caller's to query, as
   * they are usually newer and a park's can be read in one statement.
   */
  public static Optional<StoredReading> latestCompacted(
      Connection c,
      Device d,
      Instant since,
      Collection<String> points,
      Predicate<StoredReading> where)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    // In a transaction, so that the fetch size holds and the newest blocks come first, one by one.
    c.setAutoCommit(false);
    try (PreparedStatement q = blockQuery(c, d, since, null, null, true);
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        List<HourBlock.Entry> entries = entries(rs, points);
        for (int i = entries.size() - 1; i >= 0; i--) {
          StoredReading r = reading(entries.get(i));
          if (!r.ts().isBefore(since) && where.test(r)) {
            return Optional.of(r);
          }
        }
      }
      return Optional.empty();
    } finally {
      if (autoCommit) {
        restore(c);
      }
    }
  }

  /** Microseconds since the epoch, PostgreSQL's precision. */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** The instant of {@code micros} microseconds since the epoch. */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static PreparedStatement hotQuery(
      Connection c,
      Device d,
      Instant from,
      Instant to,
      TelemetryStore.Cursor after,
      Collection<String> points)
      throws SQLException {
    // Named points one column each: no JSON object is built or parsed for them.
    String metrics =
        points == null ? ", metrics::text" : ", (metrics -> ?)::text".repeat(points.size());
    PreparedStatement q =
        c.prepareStatement(
            "SELECT seq, ts, received_at"
                + metrics
                + " FROM telemetry WHERE park = ? AND enterprise = ? AND device = ?"
                + " AND ts >= ? AND ts < ?"
                + (after == null ? "" : " AND (ts, seq) > (?, ?)")
                + " ORDER BY ts, seq");
    int i = 1;
    if (points != null) {
      for (String point : points) {
        q.setString(i++, point);
      }
    }
    q.setString(i++, d.park());
    q.setString(i++, d.enterprise());
    q.setString(i++, d.device());
    q.setTimestamp(i++, Timestamp.from(from));
    q.setTimestamp(i++, Timestamp.from(to));
    if (after != null) {
      q.setTimestamp(i++, Timestamp.from(after.ts()));
      q.setLong(i, after.seq());
    }
    q.setFetchSize(FETCH);
    return q;
  }

  /** The hour blocks that may hold readings in {@code [from, to)}; {@code to} null: no end. */
  private static PreparedStatement blockQuery(
      Connection c,
      Device d,
      Instant from,
      Instant to,
      TelemetryStore.Cursor after,
      boolean newestFirst)
      throws SQLException {
    Instant start = after != null && after.ts().isAfter(from) ? after.ts() : from;
    PreparedStatement q =
        c.prepareStatement(
            "SELECT hour, block FROM telemetry_hour WHERE park = ? AND enterprise = ?"
                + " AND device = ? AND hour >= ?"
                + (to == null ? "" : " AND hour < ?")
                + " ORDER BY hour"
                + (newestFirst ? " DESC" : ""));
    q.setString(1, d.park());
    q.setString(2, d.enterprise());
    q.setString(3, d.device());
    q.setTimestamp(4, Timestamp.from(start.truncatedTo(ChronoUnit.HOURS)));
    if (to != null) {
      q.setTimestamp(5, Timestamp.from(to));
    }
    q.setFetchSize(16);
    return q;
  }

  private static List<HourBlock.Entry> entries(ResultSet rs, Collection<String> points)
      throws SQLException {
    return HourBlock.decode(micros(rs.getTimestamp(1).toInstant()), rs.getBytes(2), points);
  }

  private static StoredReading reading(HourBlock.Entry e) {
    return new StoredReading(
        e.seq(), instant(e.tsMicros()), instant(e.receivedMicros()), HourBlock.plain(e.metrics()));
  }

  /** One JSON value as Jackson's defaults read it; plain numbers without a parser. */
  private static Object value(String json) throws JsonProcessingException {
    char first = json.charAt(0);
    if (first == '-' || first >= '0' && first <= '9') {
      boolean whole = json.indexOf('.') < 0 && json.indexOf('e') < 0 && json.indexOf('E') < 0;
      if (!whole) {
        return Double.parseDouble(json);
      }
      if (json.length() < 19) {
        long v = Long.parseLong(json);
        return v == (int) v ? (Object) (int) v : v;
      }
    }
    return MAPPER.readValue(json, Object.class);
  }

  private static int compare(StoredReading x, StoredReading y) {
    int byTime = x.ts().compareTo(y.ts());
    return byTime != 0 ? byTime : Long.compare(x.seq(), y.seq());
  }

  private static StoredReading next(Iterator<StoredReading> it) {
    return it.hasNext() ? it.next() : null;
  }

  /** An SQLException carried through an iterator. */
  private static final class UncheckedSql extends RuntimeException {
    UncheckedSql(SQLException e) {
      super(e);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  private static final class HotRows implements Iterator<StoredReading> {
    private final ResultSet rs;
    private final List<String> points;
    private Boolean ahead;

    HotRows(ResultSet rs, Collection<String> points) {
      this.rs = rs;
      this.points = points == null ? null : List.copyOf(points);
    }

    @Override
    public boolean hasNext() {
      if (ahead == null) {
        try {
          ahead = rs.next();
        } catch (SQLException e) {
          throw new UncheckedSql(e);
        }
      }
      return ahead;
    }

    @Override
    public StoredReading next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ahead = null;
      try {
        Map<String, Object> metrics;
        if (points == null) {
          metrics = MAPPER.readValue(rs.getString(4), METRICS);
        } else {
          metrics = new java.util.LinkedHashMap<>();
          for (int p = 0; p < points.size(); p++) {
            String json = rs.getString(4 + p);
            if (json != null) {
              metrics.put(points.get(p), value(json));
            }
          }
        }
        return new StoredReading(
            rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(), metrics);
      } catch (SQLException e) {
        throw new UncheckedSql(e);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored metrics are not JSON", e);
      }
    }
  }

  private static final class BlockRows implements Iterator<StoredReading> {
    private final ResultSet rs;
    private final Collection<String> points;
    private final long from;
    private final long to;
    private final TelemetryStore.Cursor after;
    private Iterator<HourBlock.Entry> block = java.util.Collections.emptyIterator();
    private StoredReading ahead;

    BlockRows(
        ResultSet rs,
        Collection<String> points,
        Instant from,
        Instant to,
        TelemetryStore.Cursor after) {
      this.rs = rs;
      this.points = points;
      this.from = micros(from);
      this.to = micros(to);
      this.after = after;
    }

    @Override
    public boolean hasNext() {
      try {
        while (ahead == null) {
          if (block.hasNext()) {
            HourBlock.Entry e = block.next();
            if (e.tsMicros() >= from && e.tsMicros() < to && isAfterCursor(e)) {
              ahead = reading(e);
            }
          } else if (rs.next()) {
            block = entries(rs, points).iterator();
          } else {
            return false;
          }
        }
        return true;
      } catch (SQLException e) {
        throw new UncheckedSql(e);
      }
    }

    private boolean isAfterCursor(HourBlock.Entry e) {
      if (after == null) {
        return true;
      }
      long at = micros(after.ts());
      return e.tsMicros() > at || e.tsMicros() == at && e.seq() > after.seq();
    }

    @Override
    public StoredReading next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StoredReading r = ahead;
      ahead = null;
      return r;
    }
  }
}
