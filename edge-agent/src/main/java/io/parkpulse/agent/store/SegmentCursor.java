package io.parkpulse.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Reads a segment's entries in order, {@code length, crc32, seq, device length, device, json}, from
 * a buffer that is filled with one positional read of many entries at a time: reading an entry's
 * header and body with a read each cost the forwarder two system calls per reading. The buffer is
 * the caller's, so that the store reuses one for every read; an entry larger than it is read into
 * one of its own.
 */
final class SegmentCursor {

  static final int HEADER = 8;
  private static final int BUFFER = 64 * 1024;

  private final FileChannel channel;
  private ByteBuffer buffer;

  /** The file position of the buffer's first byte; its limit is how much it holds. */
  private long bufferStart;

  private long position;
  private long id;

  /**
   * @param channel the segment file
   * @param buffer where to read it, whatever it holds
   * @param position where the entry {@code id} starts
   * @param id the store id of the entry at {@code position}
   */
  SegmentCursor(FileChannel channel, ByteBuffer buffer, long position, long id) {
    this.channel = channel;
    this.buffer = buffer.limit(0);
    this.position = position;
    this.id = id;
  }

  /** A buffer of the size the cursor reads at once. */
  static ByteBuffer newBuffer() {
    return ByteBuffer.allocate(BUFFER);
  }

  /** Where the next entry starts. */
  long position() {
    return position;
  }

  /** The store id of the next entry. */
  long id() {
    return id;
  }

  /**
   * The next entry, if it lies whole before {@code limit} and its checksum holds; else null, and
   * the cursor stays where it was (at the end, or at a torn or damaged entry).
   */
  StoredReading next(long limit) throws IOException {
    int length = length(limit);
    if (length < 0 || !fill(HEADER + length, limit)) {
      return null;
    }
    int at = (int) (position - bufferStart);
    byte[] bytes = buffer.array();
    CRC32 check = new CRC32();
    check.update(bytes, at + HEADER, length);
    if ((int) check.getValue() != buffer.getInt(at + 4)) {
      return null;
    }
    long seq = buffer.getLong(at + HEADER);
    int deviceLength = buffer.getShort(at + HEADER + 8);
    if (deviceLength < 0 || deviceLength > length - 10) {
      return null;
    }
    int body = at + HEADER + 10;
    String device = new String(bytes, body, deviceLength, StandardCharsets.UTF_8);
    byte[] json = new byte[length - 10 - deviceLength];
    System.arraycopy(bytes, body + deviceLength, json, 0, json.length);
    StoredReading reading = new StoredReading(id, device, seq, json);
    position += HEADER + length;
    id++;
    return reading;
  }

  /** Steps over the next entry by its header alone; false at the end or at a damaged header. */
  boolean skip(long limit) throws IOException {
    int length = length(limit);
    if (length < 0) {
      return false;
    }
    position += HEADER + length;
    id++;
    return true;
  }

  /** The next entry's length from its header, or -1 if there is none or it is not plausible. */
  private int length(long limit) throws IOException {
    if (!fill(HEADER, limit)) {
      return -1;
    }
    int length = buffer.getInt((int) (position - bufferStart));
    return length < 10 || length > 16 << 20 ? -1 : length;
  }

  /**
   * Whether the {@code bytes} from the position on are before {@code limit} and in the buffer,
   * after reading them from the file if they were not.
   */
  private boolean fill(int bytes, long limit) throws IOException {
    if (position + bytes > limit) {
      return false;
    }
    if (position >= bufferStart && position + bytes <= bufferStart + buffer.limit()) {
      return true;
    }
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocate(bytes);
    }
    buffer.clear();
    bufferStart = position;
    long end = Math.min(limit, position + buffer.capacity());
    buffer.limit((int) (end - position));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
        break;
      }
    }
    buffer.flip();
    return buffer.limit() >= bytes;
  }
}
