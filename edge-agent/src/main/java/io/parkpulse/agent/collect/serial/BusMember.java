package io.parkpulse.agent.collect.serial;

import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A collector's place on a serial {@link Bus}, the part every bus collector shares: it joins the
 * bus once, as one drop, when the collector starts, and leaves it when the collector closes,
 * keeping the drop's last status so that the health still says how the device was doing. What is
 * read (the schedules) and what the health says when all is well are the collector's own.
 */
public final class BusMember {

  private final String protocol;
  private final Buses buses;
  private final String bus;
  private final SerialSettings line;
  private final String drop;
  private final DeviceRef device;
  private final String where;
  private Bus.Drop joined;
  private boolean closed;
  private Bus.Status lastStatus;

  /**
   * A member that has not joined yet.
   *
   * @param protocol how messages name the collector's protocol, e.g. {@code Modbus RTU}
   * @param buses the agent's buses, where the bus is found or started
   * @param bus the line's name in the configuration, e.g. {@code rs485-1}
   * @param drop how health and logs name the device on the line, e.g. {@code unit 3}
   * @param device the device its readings belong to
   */
  public BusMember(
      String protocol,
      Buses buses,
      String bus,
      SerialSettings line,
      String drop,
      DeviceRef device) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.buses = Objects.requireNonNull(buses, "buses");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.line = Objects.requireNonNull(line, "line");
    this.drop = Objects.requireNonNull(drop, "drop");
    this.device = Objects.requireNonNull(device, "device");
    this.where = drop + " on bus " + bus;
  }

  /** {@code unit 3 on bus rs485-1}: the device as messages name it. */
  public String where() {
    return where;
  }

  /**
   * Joins the bus as a drop reading {@code schedules}; it joins once.
   *
   * @throws IllegalStateException if it already joined, or has left
   */
  public synchronized void join(List<Bus.Schedule> schedules, ReadingSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (closed || joined != null) {
      throw new IllegalStateException(
          collector() + (closed ? " is closed" : " was already started") + "; it starts once");
    }
    joined = buses.attach(bus, line, drop, device, schedules, sink);
  }

  /**
   * How the drop is doing, or was when it left: not ok with the bus's problem, or ok with {@code
   * detail} and how often the device was isolated since start.
   *
   * @param detail what the collector reads, e.g. {@code reading 4 points from unit 3 on bus …}
   */
  public synchronized Health health(String detail) {
    Bus.Status status = joined != null ? joined.status() : lastStatus;
    if (status == null) {
      return new Health(false, "not started", 0, 0);
    }
    if (!status.ok()) {
      return new Health(false, status.problem(), status.readings(), status.failures());
    }
    if (status.isolations() > 0) {
      detail +=
          "; isolated "
              + (status.isolations() == 1 ? "once" : status.isolations() + " times")
              + " since start";
    }
    return new Health(true, detail, status.readings(), status.failures());
  }

  /**
   * Runs {@code read} once, through the bus if it runs, else on the line opened for it: what {@code
   * check} does. Not ok with what failed.
   *
   * @param summary what was read, for the technician, e.g. {@code read 2 points: …}
   */
  public <T> Health probe(Exchange<T> read, Function<T, String> summary) {
    try {
      return new Health(true, summary.apply(buses.call(bus, line, read)), 1, 0);
    } catch (IOException e) {
      return new Health(false, e.getMessage(), 0, 1);
    } catch (RuntimeException e) {
      // On a line opened for the probe, not through a bus (which guards its exchanges itself): a
      // device's garbage may surface here as the decoder's unchecked failure.
      return new Health(false, where() + ": " + e, 0, 1);
    }
  }

  /**
   * Runs one exchange (a write) on the bus the member joined, between two polls, or before it
   * joined on the line opened for it.
   *
   * @throws IOException what the exchange threw, or that the collector is closed
   */
  public <T> T call(Exchange<T> exchange) throws IOException {
    Bus.Drop running;
    synchronized (this) {
      if (closed) {
        throw new IOException(collector() + " is closed");
      }
      running = joined;
    }
    if (running == null) {
      return buses.call(bus, line, exchange);
    }
    return running.bus().call(exchange, line.timeout().multipliedBy(8).plusSeconds(2));
  }

  /** Leaves the bus, after a poll under way; the health keeps the drop's last status. */
  public void leave() {
    Bus.Drop leaving;
    synchronized (this) {
      closed = true;
      leaving = joined;
      joined = null;
    }
    if (leaving != null) {
      leaving.detach();
      synchronized (this) {
        lastStatus = leaving.status();
      }
    }
  }

  private String collector() {
    return "the " + protocol + " collector of " + where;
  }
}
