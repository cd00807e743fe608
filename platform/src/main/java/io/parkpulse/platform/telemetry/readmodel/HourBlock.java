package io.parkpulse.platform.telemetry.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One device's readings of one UTC hour in a compact, lossless binary form: the column {@code
 * block} of {@code telemetry_hour}. Columns, not rows, so that similar values sit together and a
 * reader decodes only the points it asks for:
 *
 * <ul>
 *   <li>header: version, readings, the metric names (sorted as {@code jsonb} sorts keys);
 *   <li>seq: the first, then differences (zig-zag varints: 1 byte for consecutive seqs);
 *   <li>ts: microseconds after the hour in the coarsest exact unit (s, ms or µs), then
 *       delta-of-delta (1 byte a reading at a steady rate);
 *   <li>received_at: its lag behind ts, in the coarsest exact unit, as differences;
 *   <li>per metric, a length (so that a reader can skip it), the kinds of its values run-length
 *       coded (absent, null, false, true, text, JSON, decimal with its scale), then the values: a
 *       decimal as the difference of its unscaled value from the previous one of the same scale,
 *       text and other JSON as UTF-8.
 * </ul>
 *
 * A decimal keeps its scale ({@code 71.20} stays {@code 71.20}); a number that does not fit 63 bits
 * of unscaled value and a scale of 0 to 15, an object or an array is kept as its JSON text.
 */
public final class HourBlock {

  private static final int VERSION = 1;
  private static final int ABSENT = 0;
  private static final int NULL = 1;
  private static final int FALSE = 2;
  private static final int TRUE = 3;
  private static final int TEXT = 4;
  private static final int JSON = 5;
  private static final int DECIMAL = 16;
  private static final int MAX_SCALE = 15;
  private static final long[] UNITS = {1_000_000L, 1_000L, 1L};

  /** Parses metrics as {@code jsonb} prints them, keeping every decimal's scale. */
  static final JsonMapper EXACT =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Jackson's defaults, as the readers of readings that are not compacted parse them. */
  private static final ObjectMapper PLAIN = new ObjectMapper();

  /**
   * A reading in the block.
   *
   * @param tsMicros when it was taken, microseconds since the epoch (PostgreSQL's precision)
   * @param receivedMicros when the gateway received it, microseconds since the epoch
   * @param metrics metric name to value, numbers as exact decimals
   */
  public record Entry(long seq, long tsMicros, long receivedMicros, ObjectNode metrics) {

    /** The order of readings in a block and in every answer: by time, then seq. */
    public static final Comparator<Entry> ORDER =
        Comparator.comparingLong(Entry::tsMicros).thenComparingLong(Entry::seq);
  }

  private HourBlock() {}

  /** Parses a reading's metrics as {@code metrics::text} returns them. */
  public static ObjectNode metrics(String json) {
    try {
      return (ObjectNode) EXACT.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("stored metrics are not a JSON object: " + json, e);
    }
  }

  /**
   * The readings in time order with duplicates (same ts and seq) kept once: what a block holds when
   * {@code entries} are merged.
   */
  public static List<Entry> merge(Collection<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Entry.ORDER);
    List<Entry> unique = new ArrayList<>(sorted.size());
    for (Entry e : sorted) {
      Entry last = unique.isEmpty() ? null : unique.get(unique.size() - 1);
      if (last == null || last.tsMicros() != e.tsMicros() || last.seq() != e.seq()) {
        unique.add(e);
      }
    }
    return unique;
  }

  /**
   * Encodes readings of one hour starting at {@code hourMicros}, in time order without duplicates
   * ({@link #merge}).
   */
  public static byte[] encode(long hourMicros, List<Entry> entries) {
    Out out = new Out(64 + entries.size() * 16);
    out.varint(VERSION);
    out.varint(entries.size());
    List<String> keys = keys(entries);
    out.varint(keys.size());
    for (String key : keys) {
      out.text(key);
    }
    long previous = 0;
    for (Entry e : entries) {
      out.zigzag(e.seq() - previous);
      previous = e.seq();
    }
    long tsUnit = unit(entries, e -> e.tsMicros() - hourMicros);
    out.varint(tsUnit);
    long lastValue = 0;
    long lastDelta = 0;
    for (int i = 0; i < entries.size(); i++) {
      long value = (entries.get(i).tsMicros() - hourMicros) / tsUnit;
      long delta = value - lastValue;
      out.zigzag(i == 0 ? value : delta - lastDelta);
      lastDelta = i == 0 ? 0 : delta;
      lastValue = value;
    }
    long lagUnit = unit(entries, e -> e.receivedMicros() - e.tsMicros());
    out.varint(lagUnit);
    previous = 0;
    for (Entry e : entries) {
      long lag = (e.receivedMicros() - e.tsMicros()) / lagUnit;
      out.zigzag(lag - previous);
      previous = lag;
    }
    for (String key : keys) {
      byte[] column = column(key, entries);
      out.varint(column.length);
      out.bytes(column);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a block of the hour starting at {@code hourMicros}, keeping only the metrics named in
   * {@code points} (all if null, none if empty).
   */
  public static List<Entry> decode(long hourMicros, byte[] block, Collection<String> points) {
    In in = new In(block);
    int version = (int) in.varint();
    if (version != VERSION) {
      throw new IllegalArgumentException("telemetry block of unknown version " + version);
    }
    int n = (int) in.varint();
    int keyCount = (int) in.varint();
    String[] keys = new String[keyCount];
    for (int k = 0; k < keyCount; k++) {
      keys[k] = in.text();
    }
    long[] seq = new long[n];
    long previous = 0;
    for (int i = 0; i < n; i++) {
      previous += in.zigzag();
      seq[i] = previous;
    }
    long[] ts = new long[n];
    long tsUnit = in.varint();
    long lastValue = 0;
    long lastDelta = 0;
    for (int i = 0; i < n; i++) {
      long read = in.zigzag();
      long value = i == 0 ? read : lastValue + lastDelta + read;
      lastDelta = i == 0 ? 0 : value - lastValue;
      lastValue = value;
      ts[i] = hourMicros + value * tsUnit;
    }
    long[] received = new long[n];
    long lagUnit = in.varint();
    previous = 0;
    for (int i = 0; i < n; i++) {
      previous += in.zigzag();
      received[i] = ts[i] + previous * lagUnit;
    }
    ObjectNode[] metrics = new ObjectNode[n];
    for (int i = 0; i < n; i++) {
      metrics[i] = EXACT.createObjectNode();
    }
    for (String key : keys) {
      int length = (int) in.varint();
      if (points == null || points.contains(key)) {
        readColumn(key, new In(in.slice(length)), metrics);
      } else {
        in.skip(length);
      }
    }
    List<Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(new Entry(seq[i], ts[i], received[i], metrics[i]));
    }
    return entries;
  }

  /**
   * A decoded value as the platform's readers have always seen a reading's metric (Jackson's
   * defaults): whole numbers as Integer, Long or BigInteger, others as Double, text, booleans,
   * null, and maps and lists for objects and arrays.
   */
  public static Object plain(JsonNode value) {
    if (value.isBigDecimal()) {
      BigDecimal d = value.decimalValue();
      return d.scale() <= 0 ? plainWhole(d.toBigIntegerExact()) : (Object) d.doubleValue();
    }
    if (value.isIntegralNumber()) {
      return plainWhole(value.bigIntegerValue());
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNull()) {
      return null;
    }
    try {
      return PLAIN.readValue(value.toString(), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decoded value is not JSON: " + value, e);
    }
  }

  /** Every metric of a reading as {@link #plain} values, in the block's key order. */
  public static Map<String, Object> plain(ObjectNode metrics) {
    Map<String, Object> plain = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = metrics.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      plain.put(f.getKey(), plain(f.getValue()));
    }
    return plain;
  }

  private static Object plainWhole(BigInteger whole) {
    if (whole.bitLength() < 32) {
      return whole.intValue();
    }
    return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
  }

  /** The order of {@code jsonb}'s keys: shorter first (in UTF-8 bytes), then by bytes. */
  public static final Comparator<String> KEY_ORDER =
      Comparator.comparingInt((String k) -> k.getBytes(StandardCharsets.UTF_8).length)
          .thenComparing(
              (a, b) ->
                  Arrays.compareUnsigned(
                      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

  /** Metric names sorted as {@code jsonb} sorts an object's keys. */
  private static List<String> keys(List<Entry> entries) {
    TreeSet<String> keys = new TreeSet<>(KEY_ORDER);
    for (Entry e : entries) {
      e.metrics().fieldNames().forEachRemaining(keys::add);
    }
    return new ArrayList<>(keys);
  }

  /** The coarsest of s, ms and µs in which every value is whole. */
  private static long unit(List<Entry> entries, java.util.function.ToLongFunction<Entry> value) {
    for (long unit : UNITS) {
      boolean exact = true;
      for (Entry e : entries) {
        if (value.applyAsLong(e) % unit != 0) {
          exact = false;
          break;
        }
      }
      if (exact) {
        return unit;
      }
    }
    return 1;
  }

  private static byte[] column(String key, List<Entry> entries) {
    int n = entries.size();
    int[] kinds = new int[n];
    Out values = new Out(n * 2);
    int lastScale = -1;
    long lastUnscaled = 0;
    for (int i = 0; i < n; i++) {
      JsonNode v = entries.get(i).metrics().get(key);
      int kind = kind(v);
      kinds[i] = kind;
      if (kind >= DECIMAL) {
        int scale = kind - DECIMAL;
        long unscaled = decimal(v).unscaledValue().longValue();
        values.zigzag(scale == lastScale ? unscaled - lastUnscaled : unscaled);
        lastScale = scale;
        lastUnscaled = unscaled;
      } else if (kind == TEXT) {
        values.text(v.textValue());
      } else if (kind == JSON) {
        values.text(v.toString());
      }
    }
    Out column = new Out(16 + values.size());
    int i = 0;
    while (i < n) {
      int run = 1;
      while (i + run < n && kinds[i + run] == kinds[i]) {
        run++;
      }
      column.varint(kinds[i]);
      column.varint(run);
      i += run;
    }
    column.bytes(values.toByteArray());
    return column.toByteArray();
  }

  private static void readColumn(String key, In in, ObjectNode[] metrics) {
    int n = metrics.length;
    int[] kinds = new int[n];
    int i = 0;
    while (i < n) {
      int kind = (int) in.varint();
      int run = (int) in.varint();
      Arrays.fill(kinds, i, i + run, kind);
      i += run;
    }
    int lastScale = -1;
    long lastUnscaled = 0;
    for (i = 0; i < n; i++) {
      int kind = kinds[i];
      JsonNode value;
      if (kind >= DECIMAL) {
        int scale = kind - DECIMAL;
        long read = in.zigzag();
        long unscaled = scale == lastScale ? lastUnscaled + read : read;
        lastScale = scale;
        lastUnscaled = unscaled;
        if (scale == 0) {
          value =
              unscaled == (int) unscaled
                  ? IntNode.valueOf((int) unscaled)
                  : LongNode.valueOf(unscaled);
        } else {
          value = DecimalNode.valueOf(BigDecimal.valueOf(unscaled, scale));
        }
      } else {
        value =
            switch (kind) {
              case ABSENT -> null;
              case NULL -> NullNode.getInstance();
              case FALSE -> BooleanNode.FALSE;
              case TRUE -> BooleanNode.TRUE;
              case TEXT -> TextNode.valueOf(in.text());
              case JSON -> json(in.text());
              default ->
                  throw new IllegalArgumentException("telemetry block: unknown kind " + kind);
            };
      }
      if (value != null) {
        metrics[i].set(key, value);
      }
    }
  }

  private static JsonNode json(String text) {
    try {
      return EXACT.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("telemetry block: a value is not JSON: " + text, e);
    }
  }

  private static int kind(JsonNode v) {
    if (v == null) {
      return ABSENT;
    }
    if (v.isNull()) {
      return NULL;
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? TRUE : FALSE;
    }
    if (v.isTextual()) {
      return TEXT;
    }
    BigDecimal d = decimal(v);
    if (d != null && d.scale() <= MAX_SCALE && d.unscaledValue().bitLength() < 64) {
      return DECIMAL + d.scale();
    }
    return JSON;
  }

  /** The number as an exact decimal of scale 0 or more, or null if it is not a number. */
  private static BigDecimal decimal(JsonNode v) {
    if (!v.isNumber() || v.isFloatingPointNumber() && !v.isBigDecimal()) {
      return null;
    }
    BigDecimal d = v.isBigDecimal() ? v.decimalValue() : new BigDecimal(v.bigIntegerValue());
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  /** Bytes written as unsigned and zig-zag varints, and length-prefixed UTF-8. */
  private static final class Out extends ByteArrayOutputStream {
    Out(int size) {
      super(size);
    }

    void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      write((int) value);
    }

    void zigzag(long value) {
      varint((value << 1) ^ (value >> 63));
    }

    void text(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      varint(bytes.length);
      bytes(bytes);
    }

    void bytes(byte[] bytes) {
      write(bytes, 0, bytes.length);
    }
  }

  private static final class In {
    private final byte[] bytes;
    private int at;

    In(byte[] bytes) {
      this.bytes = bytes;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (at >= bytes.length) {
          throw new IllegalArgumentException("telemetry block ends inside a number");
        }
        byte b = bytes[at++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("telemetry block: a number is longer than 64 bits");
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    String text() {
      int length = (int) varint();
      String text = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return text;
    }

    byte[] slice(int length) {
      byte[] slice = Arrays.copyOfRange(bytes, at, at + length);
      at += length;
      return slice;
    }

    void skip(int length) {
      at += length;
    }
  }
}
