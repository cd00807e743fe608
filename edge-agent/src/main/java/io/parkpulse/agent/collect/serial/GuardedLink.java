package io.parkpulse.agent.collect.serial;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * The link a bus hands its drops, which tells a dead line from a silent device: a read that waits
 * out the timeout ({@link InterruptedIOException}, as both jSerialComm and sockets throw) is a
 * device that did not answer; the end of the stream (a serial server that closed the connection, a
 * pseudo-terminal whose other side went away) or any other I/O error is the line itself, and the
 * bus opens it again. A drop's exchange may catch and wrap what it reads; the bus still knows.
 */
final class GuardedLink implements SerialLink {

  private final SerialLink link;
  private final InputStream input;
  private final OutputStream output;

  /** Why the line failed, or null; set on the bus's thread, read there after each exchange. */
  volatile String broken;

  GuardedLink(SerialLink link) {
    this.link = link;
    this.input = new Input();
    this.output = new Output();
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public void discardInput() throws IOException {
    try {
      link.discardInput();
    } catch (IOException e) {
      throw broken(e);
    }
  }

  @Override
  public String name() {
    return link.name();
  }

  @Override
  public void close() {
    link.close();
  }

  private IOException broken(IOException e) {
    if (!(e instanceof InterruptedIOException) && broken == null) {
      broken = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    return e;
  }

  private EOFException ended() {
    if (broken == null) {
      broken = "end of stream: the line went away";
    }
    return new EOFException(link.name() + ": end of stream: the line went away");
  }

  private InputStream in() throws IOException {
    try {
      return link.input();
    } catch (IllegalStateException e) {
      throw broken(new IOException(e.getMessage(), e));
    }
  }

  private OutputStream out() throws IOException {
    try {
      return link.output();
    } catch (IllegalStateException e) {
      throw broken(new IOException(e.getMessage(), e));
    }
  }

  private final class Input extends InputStream {
    @Override
    public int read() throws IOException {
      int b;
      try {
        b = in().read();
      } catch (IOException e) {
        throw broken(e);
      }
      if (b < 0) {
        throw ended();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      int n;
      try {
        n = in().read(buffer, offset, length);
      } catch (IOException e) {
        throw broken(e);
      }
      if (n < 0) {
        throw ended();
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      try {
        return in().available();
      } catch (IOException e) {
        throw broken(e);
      }
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      try {
        out().write(b);
      } catch (IOException e) {
        throw writeFailed(e);
      }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      try {
        out().write(buffer, offset, length);
      } catch (IOException e) {
        throw writeFailed(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out().flush();
      } catch (IOException e) {
        throw writeFailed(e);
      }
    }

    /** A write that fails, even by a timeout, is the line: nothing on it can stop a write. */
    private IOException writeFailed(IOException e) {
      if (broken == null) {
        broken = "cannot write: " + (e.getMessage() == null ? e.toString() : e.getMessage());
      }
      return e;
    }
  }
}
