package io.parkpulse.agent.collect.serial;

import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's serial buses, one per line: each configured machine on a line is a drop of the same
 * {@link Bus}, which is started when the first of them starts and closed when the last one leaves.
 * Lines are told apart by their settings, so that machines naming the same line share its port.
 */
public final class Buses {

  private static final Buses SHARED = new Buses();

  private final Map<SerialSettings, Bus> running = new HashMap<>();

  /** The process's buses: a port can be opened once, whichever agent of the process uses it. */
  public static Buses shared() {
    return SHARED;
  }

  /**
   * Adds a drop to the bus on {@code line}, starting the bus if it is the line's first.
   *
   * @param name the line's name in the configuration
   * @see Bus#attach
   */
  public synchronized Bus.Drop attach(
      String name,
      SerialSettings line,
      String drop,
      DeviceRef device,
      List<Bus.Schedule> schedules,
      ReadingSink sink) {
    Bus bus = running.get(line);
    if (bus != null) {
      return bus.attach(drop, device, schedules, sink);
    }
    // The first drop is on the bus before its thread first opens the line.
    bus = new Bus(name, line, this::release);
    Bus.Drop first = bus.attach(drop, device, schedules, sink);
    bus.start();
    running.put(line, bus);
    return first;
  }

  /**
   * Runs one exchange on {@code line}: through its bus between two polls if one runs, otherwise on
   * the line opened for it and closed after (what {@code check} does).
   *
   * @throws IOException what the exchange threw, or why the line could not be opened
   */
  public <T> T call(String name, SerialSettings line, Exchange<T> exchange) throws IOException {
    Bus bus;
    synchronized (this) {
      bus = running.get(line);
    }
    if (bus != null) {
      return bus.call(exchange, line.timeout().multipliedBy(8).plusSeconds(2));
    }
    try (SerialLink link = new GuardedLink(SerialLink.open(line))) {
      link.discardInput();
      return exchange.over(link);
    }
  }

  /** Whether a bus runs on {@code line}. */
  public synchronized boolean running(SerialSettings line) {
    return running.containsKey(line);
  }

  /** Closes {@code bus} if it is still without drops; it is not reused once closed. */
  private synchronized void release(Bus bus) {
    if (bus.isEmpty() && running.get(bus.line()) == bus) {
      running.remove(bus.line());
      bus.close();
    }
  }
}
