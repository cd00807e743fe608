package io.parkpulse.agent.collect.dlt645;

import io.parkpulse.agent.collect.modbus.RtuSlave;
import io.parkpulse.agent.collect.serial.SerialLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Puts DL/T 645 meters on the line of Modbus RTU test slaves: the slaves' reader hands each DL/T
 * 645 frame (FEH wake-up bytes or 68H first) to the {@link MeterSimulator}, which reads it from
 * here as from a serial port, and answers on the line itself.
 */
final class SharedLine implements RtuSlave.Responder {

  private static final int START = 0x68;
  private static final int WAKE_UP = 0xFE;

  private final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private volatile SerialLink line;

  /** What the simulator reads: the frames handed over, with a serial port's read timeout. */
  final InputStream input =
      new InputStream() {
        @Override
        public int read() throws IOException {
          if (closed) {
            return -1;
          }
          Integer b;
          try {
            b = bytes.poll(50, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
          }
          if (b == null) {
            if (closed) {
              return -1;
            }
            throw new SocketTimeoutException("nothing within 50 ms");
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          if (length == 0) {
            return 0;
          }
          int first = read();
          if (first < 0) {
            return -1;
          }
          buffer[offset] = (byte) first;
          int n = 1;
          Integer b;
          while (n < length && (b = bytes.poll()) != null) {
            buffer[offset + n++] = (byte) (int) b;
          }
          return n;
        }

        @Override
        public void close() {
          closed = true;
        }
      };

  @Override
  public boolean starts(int first) {
    return first == WAKE_UP || first == START;
  }

  /** Reads the frame from the line by its length field and hands it over whole. */
  @Override
  public void answer(int first, SerialLink link) throws IOException {
    line = link;
    InputStream in = link.input();
    int b = first;
    while (b == WAKE_UP) {
      b = in.read();
    }
    if (b != START) {
      return;
    }
    // 68H, six address bytes, 68H, control, length; then the data, the checksum and 16H.
    byte[] header = new byte[10];
    header[0] = (byte) START;
    readFully(in, header, 1, 9);
    int length = header[9] & 0xFF;
    byte[] rest = new byte[length + 2];
    readFully(in, rest, 0, rest.length);
    for (byte each : header) {
      bytes.add(each & 0xFF);
    }
    for (byte each : rest) {
      bytes.add(each & 0xFF);
    }
  }

  /** Where the simulator writes its answers: the line the last frame came from. */
  final OutputStream output =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          line.output().write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
          line.output().write(buffer, offset, length);
        }

        @Override
        public void flush() throws IOException {
          line.output().flush();
        }
      };

  private static void readFully(InputStream in, byte[] buffer, int offset, int length)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(buffer, offset + done, length - done);
      if (n < 0) {
        throw new IOException("line closed");
      }
      done += n;
    }
  }
}
