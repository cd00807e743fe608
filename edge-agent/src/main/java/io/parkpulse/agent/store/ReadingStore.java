package io.parkpulse.agent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The agent's durable queue of readings, oldest first: a log of segment files on disk. A reading is
 * stored once its batch is written and forced to the disk ({@link #append}), so one fsync covers
 * many readings; it stays until the gateway confirmed it ({@link #confirm}), and a restart sends
 * again whatever was not confirmed. The store is bounded: when it is full, the {@link Overflow}
 * policy drops the oldest segment or the newest readings, and counts every reading dropped.
 *
 * <p>Each entry is {@code length, crc32, seq, device length, device, json}; a torn entry at the end
 * of the log (power lost while writing) fails its checksum and is cut off when the store opens. The
 * confirmed position, the dropped count and each device's last sequence number live in {@code
 * store.state}, replaced atomically about once a second; each confirmation in between is appended
 * to {@code confirmed.journal} and forced, so that a crash loses none.
 */
public final class ReadingStore implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ReadingStore.class.getName());
  private static final int HEADER = 8;
  private static final String SUFFIX = ".seg";
  private static final long STATE_INTERVAL_NANOS = 1_000_000_000L;

  /** What happens to a reading that does not fit. */
  public enum Overflow {
    /** The oldest segment is deleted, confirmed or not (the default). */
    DROP_OLDEST,
    /** New readings are refused until there is room. */
    DROP_NEWEST
  }

  /** A reading to store. */
  public record Entry(String device, long seq, byte[] json) {}

  private static final class Segment {
    final long firstId;
    final Path path;
    long count;
    long bytes;

    Segment(long firstId, Path path) {
      this.firstId = firstId;
      this.path = path;
    }

    long endId() {
      return firstId + count;
    }
  }

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final Overflow overflow;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final Map<String, Long> lastSeq = new HashMap<>();
  private FileChannel active;
  private long nextId = 1;
  private long confirmed;
  private long dropped;
  private long totalBytes;
  private long stateWrittenAt;
  private boolean stateDirty;
  private FileChannel journal;
  private long journalSize;

  /** Where the last read ended: segment, next id, its position. */
  private long hintSegment = -1;

  private long hintId;
  private long hintPosition;

  private ReadingStore(Path dir, long maxBytes, long segmentBytes, Overflow overflow) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.overflow = overflow;
  }

  /**
   * Opens the store in {@code dir}, creating it if needed, and recovers what a crash left.
   *
   * @param maxBytes most bytes on disk; a segment is a quarter of it, at most 16 MiB
   */
  public static ReadingStore open(Path dir, long maxBytes, Overflow overflow) throws IOException {
    long segment = Math.max(4096, Math.min(16L << 20, maxBytes / 4));
    ReadingStore store = new ReadingStore(dir, maxBytes, segment, overflow);
    store.recover();
    return store;
  }

  private void recover() throws IOException {
    Files.createDirectories(dir);
    readState();
    confirmed = Math.max(confirmed, readJournal());
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      Segment segment = new Segment(Long.parseLong(name.substring(0, name.length() - 4)), file);
      scan(segment);
      segments.put(segment.firstId, segment);
      totalBytes += segment.bytes;
      nextId = Math.max(nextId, segment.endId());
    }
    nextId = Math.max(nextId, confirmed + 1);
    deleteConfirmedSegments();
  }

  /** Counts a segment's entries and cuts off a torn one at its end. */
  private void scan(Segment segment) throws IOException {
    try (FileChannel channel =
        FileChannel.open(segment.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long position = 0;
      long size = channel.size();
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (true) {
        StoredReading entry = readAt(channel, position, segment.firstId + segment.count, header);
        if (entry == null) {
          break;
        }
        lastSeq.merge(entry.device(), entry.seq(), Math::max);
        position += HEADER + payloadLength(entry);
        segment.count++;
      }
      if (position < size) {
        LOG.warning(
            "store: cutting off "
                + (size - position)
                + " bytes of a reading that was not completely written to "
                + segment.path.getFileName());
        channel.truncate(position);
        channel.force(true);
      }
      segment.bytes = position;
    }
  }

  /** The entry at {@code position}, or null at the end or at a torn entry. */
  private static StoredReading readAt(
      FileChannel channel, long position, long id, ByteBuffer header) throws IOException {
    header.clear();
    if (readFully(channel, header, position) < HEADER) {
      return null;
    }
    header.flip();
    int length = header.getInt();
    int crc = header.getInt();
    if (length < 10 || length > 16 << 20) {
      return null;
    }
    ByteBuffer payload = ByteBuffer.allocate(length);
    if (readFully(channel, payload, position + HEADER) < length) {
      return null;
    }
    CRC32 check = new CRC32();
    check.update(payload.array(), 0, length);
    if ((int) check.getValue() != crc) {
      return null;
    }
    payload.flip();
    long seq = payload.getLong();
    int deviceLength = payload.getShort();
    if (deviceLength < 0 || deviceLength > length - 10) {
      return null;
    }
    String device = new String(payload.array(), 10, deviceLength, StandardCharsets.UTF_8);
    byte[] json = new byte[length - 10 - deviceLength];
    System.arraycopy(payload.array(), 10 + deviceLength, json, 0, json.length);
    return new StoredReading(id, device, seq, json);
  }

  private static int payloadLength(StoredReading entry) {
    return 10 + entry.device().getBytes(StandardCharsets.UTF_8).length + entry.json().length;
  }

  private static int readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    int total = 0;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /**
   * Stores {@code entries} durably: they are written and forced to the disk before this returns.
   *
   * @return how many were stored; fewer only under {@link Overflow#DROP_NEWEST} when full
   */
  public synchronized int append(List<Entry> entries) throws IOException {
    int stored = 0;
    boolean rolled = false;
    // The batch is written with one write per segment, then forced once.
    ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    long writeAt = -1;
    for (Entry entry : entries) {
      byte[] device = entry.device().getBytes(StandardCharsets.UTF_8);
      int length = 10 + device.length + entry.json().length;
      if (!makeRoom(HEADER + length)) {
        dropped++;
        stateDirty = true;
        continue;
      }
      Segment segment = segments.isEmpty() ? null : segments.lastEntry().getValue();
      if (segment == null || active == null || segment.bytes + HEADER + length > segmentBytes) {
        write(pending, writeAt);
        writeAt = -1;
        segment = roll();
        rolled = true;
      }
      if (writeAt < 0) {
        writeAt = segment.bytes;
      }
      if (pending.remaining() < HEADER + length) {
        ByteBuffer bigger =
            ByteBuffer.allocate(
                Math.max(pending.capacity() * 2, pending.position() + HEADER + length));
        pending.flip();
        bigger.put(pending);
        pending = bigger;
      }
      int start = pending.position();
      pending.putInt(length).putInt(0).putLong(entry.seq()).putShort((short) device.length);
      pending.put(device).put(entry.json());
      CRC32 crc = new CRC32();
      crc.update(pending.array(), start + HEADER, length);
      pending.putInt(start + 4, (int) crc.getValue());
      segment.bytes += HEADER + length;
      segment.count++;
      totalBytes += HEADER + length;
      nextId++;
      lastSeq.merge(entry.device(), entry.seq(), Math::max);
      stored++;
    }
    write(pending, writeAt);
    if (active != null) {
      active.force(false);
    }
    if (rolled) {
      forceDirectory();
    }
    writeStateIfDue();
    return stored;
  }

  /**
   * Writes what {@code pending} holds to the active segment at {@code position}, and empties it.
   */
  private void write(ByteBuffer pending, long position) throws IOException {
    pending.flip();
    long at = position;
    while (pending.hasRemaining()) {
      at += active.write(pending, at);
    }
    pending.clear();
  }

  /** Whether an entry of {@code bytes} fits, after dropping the oldest segment if allowed. */
  private boolean makeRoom(long bytes) throws IOException {
    while (totalBytes + bytes > maxBytes) {
      if (overflow == Overflow.DROP_NEWEST || segments.size() < 2) {
        return false;
      }
      Segment oldest = segments.pollFirstEntry().getValue();
      long unconfirmed = Math.max(0, oldest.endId() - Math.max(confirmed + 1, oldest.firstId));
      dropped += unconfirmed;
      confirmed = Math.max(confirmed, oldest.endId() - 1);
      totalBytes -= oldest.bytes;
      Files.deleteIfExists(oldest.path);
      LOG.warning(
          "store full: dropped the oldest "
              + unconfirmed
              + " unsent readings ("
              + dropped
              + " dropped in all)");
      writeState();
    }
    return true;
  }

  private Segment roll() throws IOException {
    if (active != null) {
      active.force(false);
      active.close();
    }
    Segment segment = new Segment(nextId, dir.resolve(String.format("%020d%s", nextId, SUFFIX)));
    active =
        FileChannel.open(
            segment.path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ);
    segment.bytes = active.size();
    segments.put(segment.firstId, segment);
    return segment;
  }

  /**
   * Appends the confirmed position to {@code confirmed.journal} and forces it, so that after a
   * crash only readings whose acknowledgement had not arrived are sent again. The journal is
   * emptied each time the state file is written.
   */
  private void journal(long id) throws IOException {
    if (journal == null) {
      journal =
          FileChannel.open(
              dir.resolve("confirmed.journal"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      journalSize = journal.size();
    }
    ByteBuffer entry = ByteBuffer.allocate(16).putLong(id).putLong(~id);
    entry.flip();
    while (entry.hasRemaining()) {
      journalSize += journal.write(entry, journalSize);
    }
    journal.force(false);
  }

  /** The highest position in the journal a crash left, or 0; a torn entry fails its check. */
  private long readJournal() throws IOException {
    Path file = dir.resolve("confirmed.journal");
    if (!Files.exists(file)) {
      return 0;
    }
    ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
    long highest = 0;
    while (all.remaining() >= 16) {
      long id = all.getLong();
      if (all.getLong() == ~id) {
        highest = Math.max(highest, id);
      }
    }
    return highest;
  }

  /**
   * Marks every reading up to {@code id} as confirmed by the gateway; segments holding only
   * confirmed readings are deleted. The position reaches the disk within a second.
   */
  public synchronized void confirm(long id) throws IOException {
    if (id <= confirmed) {
      return;
    }
    confirmed = Math.min(id, nextId - 1);
    stateDirty = true;
    journal(confirmed);
    if (deleteConfirmedSegments()) {
      writeState();
    } else {
      writeStateIfDue();
    }
  }

  private boolean deleteConfirmedSegments() throws IOException {
    boolean deleted = false;
    while (segments.size() > 1 && segments.firstEntry().getValue().endId() - 1 <= confirmed) {
      Segment done = segments.pollFirstEntry().getValue();
      totalBytes -= done.bytes;
      Files.deleteIfExists(done.path);
      deleted = true;
    }
    return deleted;
  }

  /**
   * Up to {@code max} stored readings from {@code fromId} on, oldest first; readings dropped since
   * are skipped.
   */
  public synchronized List<StoredReading> read(long fromId, int max) throws IOException {
    List<StoredReading> out = new ArrayList<>();
    long id = Math.max(fromId, confirmed + 1);
    Map.Entry<Long, Segment> floor = segments.floorEntry(id);
    if (floor == null) {
      floor = segments.firstEntry();
    }
    while (floor != null && out.size() < max) {
      Segment segment = floor.getValue();
      id = Math.max(id, segment.firstId);
      if (id < segment.endId()) {
        readSegment(segment, id, max - out.size(), out);
        id = out.isEmpty() ? id : out.get(out.size() - 1).id() + 1;
      }
      floor = segments.higherEntry(segment.firstId);
    }
    return out;
  }

  private void readSegment(Segment segment, long fromId, int max, List<StoredReading> out)
      throws IOException {
    try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      long position = 0;
      long id = segment.firstId;
      if (hintSegment == segment.firstId && hintId <= fromId) {
        // Reading on from where the last read ended, as the forwarder does.
        position = hintPosition;
        id = hintId;
      }
      // Skip to fromId by the headers' lengths only.
      while (id < fromId) {
        header.clear();
        readFully(channel, header, position);
        position += HEADER + header.getInt(0);
        id++;
      }
      int added = 0;
      while (id < segment.endId() && added < max) {
        StoredReading entry = readAt(channel, position, id, header);
        if (entry == null) {
          throw new IOException("store segment " + segment.path + " is damaged at reading " + id);
        }
        out.add(entry);
        position += HEADER + payloadLength(entry);
        id++;
        added++;
      }
      hintSegment = segment.firstId;
      hintId = id;
      hintPosition = position;
    }
  }

  /** The last sequence number stored for {@code device}, or 0. */
  public synchronized long lastSeq(String device) {
    return lastSeq.getOrDefault(device, 0L);
  }

  /** Readings stored and not yet confirmed. */
  public synchronized long depth() {
    return nextId - 1 - confirmed;
  }

  /** Readings dropped because the store was full, since it was created. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Bytes on disk. */
  public synchronized long bytes() {
    return totalBytes;
  }

  /** The id of the last reading confirmed (or dropped); those before it are gone. */
  public synchronized long confirmed() {
    return confirmed;
  }

  @Override
  public synchronized void close() throws IOException {
    if (active != null) {
      active.force(false);
      active.close();
      active = null;
    }
    writeState();
    if (journal != null) {
      journal.close();
      journal = null;
    }
  }

  private void writeStateIfDue() throws IOException {
    if (stateDirty && System.nanoTime() - stateWrittenAt > STATE_INTERVAL_NANOS) {
      writeState();
    }
  }

  private void readState() throws IOException {
    Path file = dir.resolve("store.state");
    if (!Files.exists(file)) {
      return;
    }
    Properties state = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      state.load(reader);
    }
    confirmed = Long.parseLong(state.getProperty("confirmed", "0"));
    dropped = Long.parseLong(state.getProperty("dropped", "0"));
    for (String key : state.stringPropertyNames()) {
      if (key.startsWith("seq.")) {
        lastSeq.merge(key.substring(4), Long.parseLong(state.getProperty(key)), Math::max);
      }
    }
  }

  /** Writes the state file: a new file, forced, then moved over the old one. */
  private void writeState() throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("confirmed=").append(confirmed).append('\n');
    text.append("dropped=").append(dropped).append('\n');
    lastSeq.forEach(
        (device, seq) -> text.append("seq.").append(device).append('=').append(seq).append('\n'));
    Path tmp = dir.resolve("store.state.tmp");
    try (FileChannel channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(tmp, dir.resolve("store.state"), StandardCopyOption.ATOMIC_MOVE);
    forceDirectory();
    stateWrittenAt = System.nanoTime();
    stateDirty = false;
    // The state file now holds the confirmed position: the journal starts again.
    if (journal != null && journalSize > 0) {
      journal.truncate(0);
      journal.force(false);
      journalSize = 0;
    }
  }

  private void forceDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot force the store directory " + dir, e);
    }
  }
}
