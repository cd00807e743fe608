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
import java.util.Arrays;
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
  private static final int HEADER = SegmentCursor.HEADER;

  /** A segment remembers where every this-many-th entry starts, so a read finds its start fast. */
  private static final int MARK_EVERY = 256;

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

    /** Where entries 0, MARK_EVERY, 2 MARK_EVERY, ... of the segment start. */
    long[] marks = new long[16];

    Segment(long firstId, Path path) {
      this.firstId = firstId;
      this.path = path;
    }

    long endId() {
      return firstId + count;
    }

    /** Counts an entry written at {@code bytes}, and marks where it starts if it is due. */
    void add(int entryBytes) {
      if (count % MARK_EVERY == 0) {
        int mark = (int) (count / MARK_EVERY);
        if (mark == marks.length) {
          marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[mark] = bytes;
      }
      count++;
      bytes += entryBytes;
    }

    /** The last marked entry at or before {@code id}: its id and where it starts. */
    long markedId(long id) {
      return firstId + (id - firstId) / MARK_EVERY * MARK_EVERY;
    }

    long markedPosition(long id) {
      return marks[(int) ((id - firstId) / MARK_EVERY)];
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

  /** The segment file reads go to, kept open between reads, and the first id of its segment. */
  private FileChannel reader;

  private long readerSegment = -1;

  /** The buffer every read fills, one for the store (its reads are synchronized). */
  private final ByteBuffer readBuffer = SegmentCursor.newBuffer();

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

  /** Counts a segment's entries, marks where they start, and cuts off a torn one at its end. */
  private void scan(Segment segment) throws IOException {
    try (FileChannel channel =
        FileChannel.open(segment.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      SegmentCursor cursor =
          new SegmentCursor(channel, SegmentCursor.newBuffer(), 0, segment.firstId);
      while (true) {
        long start = cursor.position();
        StoredReading entry = cursor.next(size);
        if (entry == null) {
          break;
        }
        lastSeq.merge(entry.device(), entry.seq(), Math::max);
        segment.add((int) (cursor.position() - start));
      }
      long position = cursor.position();
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
      segment.add(HEADER + length);
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
      forget(oldest);
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
      forget(done);
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
    // Start from the nearer of the segment's last mark and where the last read ended (the
    // forwarder reads on from there), and skip to fromId by the headers' lengths only.
    long id = segment.markedId(fromId);
    long position = segment.markedPosition(fromId);
    if (hintSegment == segment.firstId && hintId <= fromId && hintId > id) {
      id = hintId;
      position = hintPosition;
    }
    SegmentCursor cursor = new SegmentCursor(channelOf(segment), readBuffer, position, id);
    while (cursor.id() < fromId) {
      if (!cursor.skip(segment.bytes)) {
        throw damaged(segment, cursor.id());
      }
    }
    int added = 0;
    while (cursor.id() < segment.endId() && added < max) {
      StoredReading entry = cursor.next(segment.bytes);
      if (entry == null) {
        throw damaged(segment, cursor.id());
      }
      out.add(entry);
      added++;
    }
    hintSegment = segment.firstId;
    hintId = cursor.id();
    hintPosition = cursor.position();
  }

  private static IOException damaged(Segment segment, long id) {
    return new IOException("store segment " + segment.path + " is damaged at reading " + id);
  }

  /** The segment's file, open for reading; the one read last stays open for the next read. */
  private FileChannel channelOf(Segment segment) throws IOException {
    if (readerSegment != segment.firstId || reader == null) {
      closeReader();
      reader = FileChannel.open(segment.path, StandardOpenOption.READ);
      readerSegment = segment.firstId;
    }
    return reader;
  }

  private void closeReader() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
      readerSegment = -1;
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

  /** Closes the reads' file if it is the deleted segment's. */
  private void forget(Segment deleted) throws IOException {
    if (readerSegment == deleted.firstId) {
      closeReader();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closeReader();
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
