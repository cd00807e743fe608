package io.parkpulse.agent.collect.modbus;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.util.ModbusUtil;
import io.parkpulse.agent.collect.serial.SerialLink;
import io.parkpulse.agent.collect.serial.SerialSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Modbus RTU slaves on one serial line, as several devices on an RS-485 bus: each unit id with its
 * own register image. A request is read by its function code's length and checked by its CRC; a
 * unit answers only requests for it, and a unit marked dead stays silent, as one that is off. A
 * unit marked noisy answers with a broken CRC. Frames of other protocols can be handed to a {@link
 * Responder} of the same line.
 */
public final class RtuSlave implements AutoCloseable {

  /** Another protocol's device on the same line. */
  public interface Responder {
    /** Whether {@code first} starts one of its frames. */
    boolean starts(int first);

    /** Reads the rest of the frame after {@code first} and answers it, or not. */
    void answer(int first, SerialLink link) throws IOException;
  }

  private final SerialLink link;
  private final Map<Integer, SimpleProcessImage> units = new ConcurrentHashMap<>();
  private final Set<Integer> dead = ConcurrentHashMap.newKeySet();
  private final Set<Integer> noisy = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile Responder other;
  private volatile boolean running = true;

  /** Opens {@code port} (the devices' side of the line) and starts answering. */
  public RtuSlave(Path port) throws IOException {
    link =
        SerialLink.open(
            new SerialSettings(
                port.toString(),
                null,
                0,
                9600,
                8,
                SerialSettings.Parity.NONE,
                1,
                Duration.ofMillis(50),
                Duration.ofMillis(2)));
    thread = new Thread(this::serve, "rtu slave " + port);
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds unit {@code id} with {@code image}. */
  public RtuSlave unit(int id, SimpleProcessImage image) {
    units.put(id, image);
    return this;
  }

  /** Unit {@code id} stops answering, as a device that is off. */
  public RtuSlave dead(int id) {
    dead.add(id);
    return this;
  }

  /** Unit {@code id} answers again. */
  public RtuSlave alive(int id) {
    dead.remove(id);
    return this;
  }

  /** Unit {@code id} answers with a CRC that does not match, as on a noisy line. */
  public RtuSlave noisy(int id) {
    noisy.add(id);
    return this;
  }

  /** Another device on the same line. */
  public RtuSlave with(Responder responder) {
    other = responder;
    return this;
  }

  /** Well-formed requests seen for {@code unit}, answered or not. */
  public int requests(int unit) {
    AtomicInteger n = requests.get(unit);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    link.close();
  }

  private void serve() {
    InputStream in = link.input();
    while (running) {
      try {
        int first = in.read();
        if (first < 0) {
          return;
        }
        Responder responder = other;
        if (responder != null && responder.starts(first)) {
          responder.answer(first, link);
        } else {
          request(first, in);
        }
      } catch (InterruptedIOException e) {
        // Silence between frames.
      } catch (IOException e) {
        if (running) {
          System.err.println("rtu slave: " + e);
        }
        return;
      }
    }
  }

  /** Reads one request by its function code's length, and answers it if it is for a live unit. */
  private void request(int unit, InputStream in) throws IOException {
    byte[] head = readFully(in, 5);
    int function = head[0] & 0xFF;
    byte[] frame;
    if (function == 15 || function == 16) {
      int count = readFully(in, 1)[0] & 0xFF;
      frame =
          concat(
              new byte[] {(byte) unit}, head, new byte[] {(byte) count}, readFully(in, count + 2));
    } else if (function >= 1 && function <= 6) {
      frame = concat(new byte[] {(byte) unit}, head, readFully(in, 2));
    } else {
      return; // not Modbus, or not for us: the silence after it resets the reader
    }
    int[] crc = ModbusUtil.calculateCRC(frame, 0, frame.length - 2);
    if ((frame[frame.length - 2] & 0xFF) != crc[0] || (frame[frame.length - 1] & 0xFF) != crc[1]) {
      return; // a slave stays silent on a bad CRC
    }
    requests.computeIfAbsent(unit, u -> new AtomicInteger()).incrementAndGet();
    SimpleProcessImage image = units.get(unit);
    if (image == null || dead.contains(unit)) {
      return;
    }
    byte[] answer = RtuImage.answer(image, unit, frame);
    byte[] sent = RtuFrames.withCrc(answer);
    if (noisy.contains(unit)) {
      sent[sent.length - 1] ^= 0x5A;
    }
    link.output().write(sent);
    link.output().flush();
  }

  private static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] bytes = new byte[length];
    int done = 0;
    while (done < length) {
      int n = in.read(bytes, done, length - done);
      if (n < 0) {
        throw new IOException("line closed");
      }
      done += n;
    }
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
