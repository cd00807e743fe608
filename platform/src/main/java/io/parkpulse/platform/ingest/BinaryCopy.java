package io.parkpulse.platform.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Rows in PostgreSQL's binary COPY format: no text to format in Java nor to parse in PostgreSQL,
 * which matters at tens of thousands of rows a second.
 */
final class BinaryCopy {

  private static final byte[] SIGNATURE =
      "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

  /** Seconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
  private static final long POSTGRES_EPOCH = 946_684_800L;

  /** The bytes written so far, readable without copying them. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    InputStream reader() {
      return new ByteArrayInputStream(buf, 0, count);
    }
  }

  private final Buffer bytes;
  private final DataOutputStream out;
  private boolean finished;

  BinaryCopy(int expectedRows) {
    bytes = new Buffer(Math.max(64, expectedRows * 200));
    out = new DataOutputStream(bytes);
    try {
      out.write(SIGNATURE);
      out.writeInt(0); // flags
      out.writeInt(0); // header extension length
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  BinaryCopy row(int fields) {
    if (finished) {
      throw new IllegalStateException("the COPY data is finished");
    }
    return write(() -> out.writeShort(fields));
  }

  BinaryCopy text(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return write(
        () -> {
          out.writeInt(utf8.length);
          out.write(utf8);
        });
  }

  BinaryCopy int8(long value) {
    return write(
        () -> {
          out.writeInt(8);
          out.writeLong(value);
        });
  }

  /** A timestamptz, to the microsecond (finer digits are dropped, as PostgreSQL keeps none). */
  BinaryCopy timestamptz(Instant t) {
    long micros = (t.getEpochSecond() - POSTGRES_EPOCH) * 1_000_000L + t.getNano() / 1_000;
    return int8(micros);
  }

  /** A jsonb value from its UTF-8 JSON text. */
  BinaryCopy jsonb(byte[] json) {
    return write(
        () -> {
          out.writeInt(json.length + 1);
          out.writeByte(1); // jsonb format version
          out.write(json);
        });
  }

  /** The finished COPY data, read in place; no row can be added after. */
  InputStream reader() {
    finish();
    return bytes.reader();
  }

  private void finish() {
    if (!finished) {
      write(() -> out.writeShort(-1));
      finished = true;
    }
  }

  private interface Write {
    void run() throws IOException;
  }

  private BinaryCopy write(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return this;
  }
}
