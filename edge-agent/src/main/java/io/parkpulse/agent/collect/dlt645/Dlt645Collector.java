package io.parkpulse.agent.collect.dlt645;

import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.agent.collect.serial.Bus;
import io.parkpulse.agent.collect.serial.BusMember;
import io.parkpulse.agent.collect.serial.Buses;
import io.parkpulse.agent.collect.serial.RefusedException;
import io.parkpulse.agent.collect.serial.SerialLink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads one DL/T 645-2007 meter, a drop on a shared serial {@link Bus}: every point at the meter's
 * interval, one request per point through {@link Dlt645Client}, one reading per poll. A meter that
 * does not answer, or answers garbage, is isolated by the bus; one that refuses an identifier is
 * there, and the failure says which identifier to check. Meters are read, not written.
 */
public final class Dlt645Collector implements Collector {

  private final Dlt645Settings settings;
  private final BusMember member;

  /**
   * Checks the settings; the bus is joined only when started.
   *
   * @param buses the agent's buses, where the meter's bus is found or started
   * @throws IllegalArgumentException saying which setting is wrong and how
   */
  public Dlt645Collector(Dlt645Settings settings, Buses buses) {
    validate(settings);
    this.settings = settings;
    this.member =
        new BusMember(
            "DL/T 645",
            Objects.requireNonNull(buses, "buses"),
            settings.bus(),
            settings.line(),
            "meter " + settings.address(),
            settings.device());
  }

  @Override
  public void start(ReadingSink sink) {
    member.join(List.of(new Bus.Schedule(settings.interval(), this::read)), sink);
  }

  @Override
  public Health health() {
    return member.health(
        "reading "
            + settings.points().size()
            + " points from "
            + member.where()
            + " ("
            + settings.line().describe()
            + ")");
  }

  /** Reads every point once, through the bus if it runs, else on the line opened for it. */
  @Override
  public Health probe() {
    return member.probe(
        this::read,
        values -> {
          List<String> read = new ArrayList<>();
          values.forEach((name, value) -> read.add(name + "=" + value));
          return "read " + read.size() + " points: " + String.join(", ", read);
        });
  }

  @Override
  public void close() {
    member.leave();
  }

  /** One request per point, in the configuration's order. */
  private Map<String, Object> read(SerialLink link) throws IOException {
    Dlt645Client client = new Dlt645Client(link);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Dlt645Settings.Point point : settings.points()) {
      try {
        values.put(point.spec().name(), client.read(settings.address(), point.data()));
      } catch (ErrorAnswerException e) {
        throw new RefusedException(
            e.getMessage()
                + " for point '"
                + point.spec().name()
                + "'; check that the meter's manual lists "
                + point.data().hex());
      }
    }
    return values;
  }

  private static void validate(Dlt645Settings settings) {
    Objects.requireNonNull(settings, "settings");
    String device = settings.device() == null ? "?" : settings.device().username();
    List<String> problems = new ArrayList<>();
    if (settings.device() == null) {
      problems.add("the device is missing");
    }
    if (settings.bus() == null || settings.bus().isBlank()) {
      problems.add("the bus is missing");
    }
    if (settings.line() == null) {
      problems.add("the bus's line settings are missing");
    }
    if (settings.address() == null) {
      problems.add("the meter's address is missing");
    }
    if (settings.interval() == null || settings.interval().toMillis() < 1) {
      problems.add("interval " + settings.interval() + " must be at least 1 ms");
    }
    if (settings.points().isEmpty()) {
      problems.add("there are no points to read");
    }
    Set<String> names = new HashSet<>();
    for (Dlt645Settings.Point point : settings.points()) {
      if (point.spec() == null || point.data() == null) {
        problems.add("a point lacks its name or data identifier");
      } else if (!names.add(point.spec().name())) {
        problems.add("point '" + point.spec().name() + "': the name is used twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "DL/T 645 settings of " + device + ": " + String.join("; ", problems));
    }
  }
}
