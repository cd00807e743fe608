package io.parkpulse.agent.collect.modbus;

import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Group;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import io.parkpulse.agent.collect.modbus.ReadPlan.Request;
import io.parkpulse.model.DeviceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Modbus TCP and Modbus RTU do alike with a machine's points: check them, find the one a write
 * names, turn answered registers into values, and say in a technician's words what a device's
 * exception code means.
 */
final class ModbusPoints {

  /** Characters of the values a probe lists, at most. */
  private static final int SUMMARY_LENGTH = 200;

  private ModbusPoints() {}

  /** What is wrong with {@code groups}: intervals, empty groups, and each point. */
  static List<String> problems(List<Group> groups) {
    List<String> problems = new ArrayList<>();
    if (groups.isEmpty()) {
      problems.add("there are no point groups to read");
    }
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      String where = "group " + (g + 1) + ": ";
      if (group.interval() == null || group.interval().toMillis() < 1) {
        problems.add(where + "interval " + group.interval() + " must be at least 1 ms");
      }
      if (group.points().isEmpty()) {
        problems.add(where + "it has no points");
      }
      Set<String> names = new HashSet<>();
      for (Point point : group.points()) {
        problems.addAll(problems(where, point, names));
      }
    }
    return problems;
  }

  private static List<String> problems(String where, Point point, Set<String> names) {
    if (point.spec() == null || point.area() == null || point.type() == null) {
      return List.of(where + "a point lacks its name, area or type");
    }
    String at = where + "point '" + point.spec().name() + "': ";
    List<String> problems = new ArrayList<>();
    if (!names.add(point.spec().name())) {
      problems.add(at + "the name is used twice in the group");
    }
    int last = point.address() + ReadPlan.width(point) - 1;
    if (point.address() < 0 || last > 65535) {
      problems.add(at + "address " + point.address() + " is outside 0-65535 (0-based)");
    }
    boolean bits = ReadPlan.isBits(point.area());
    if (bits != (point.type() == DataType.BOOL)) {
      problems.add(
          at
              + (bits
                  ? "coils and discrete inputs are BOOL"
                  : "BOOL is for coils and discrete inputs, registers are numbers"));
    }
    if (!Double.isFinite(point.scale()) || point.scale() == 0) {
      problems.add(at + "scale " + point.scale() + " must be a number other than 0");
    }
    if (!Double.isFinite(point.offset())) {
      problems.add(at + "offset " + point.offset() + " must be a number");
    }
    return problems;
  }

  /**
   * The point a write names, if it is a holding register or a coil.
   *
   * @throws IllegalArgumentException if there is no such point, or it is read-only
   */
  static Point writable(DeviceRef device, List<Group> groups, String name) {
    List<Point> points = groups.stream().flatMap(g -> g.points().stream()).toList();
    Point point =
        points.stream()
            .filter(p -> p.spec().name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        device.username()
                            + " has no point '"
                            + name
                            + "'; its points are "
                            + points.stream()
                                .map(p -> p.spec().name())
                                .distinct()
                                .collect(Collectors.joining(", "))));
    String readOnly =
        switch (point.area()) {
          case INPUT_REGISTER -> "an input register";
          case DISCRETE_INPUT -> "a discrete input";
          default -> null;
        };
    if (readOnly != null) {
      throw new IllegalArgumentException(
          device.username() + ": point '" + name + "' is " + readOnly + ": read-only");
    }
    return point;
  }

  /**
   * Decodes the points of a register request into {@code values}, naming in {@code skipped} the
   * floats that are not numbers.
   */
  static void decode(
      Request request, int[] words, Map<String, Object> values, List<String> skipped) {
    for (Point point : request.points()) {
      Optional<Object> value = PointDecoder.decode(point, words, request.indexOf(point));
      if (value.isPresent()) {
        values.put(point.spec().name(), value.get());
      } else {
        skipped.add(point.spec().name());
      }
    }
  }

  /** {@code values} in the order of the group's points. */
  static Map<String, Object> inGroupOrder(Group group, Map<String, Object> values) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (Point point : group.points()) {
      Object value = values.get(point.spec().name());
      if (value != null) {
        metrics.put(point.spec().name(), value);
      }
    }
    return metrics;
  }

  /**
   * What to check after exception code {@code exceptionCode}.
   *
   * @param doing {@code reading} or {@code writing}
   */
  static String check(int exceptionCode, Request request, String doing, int unit) {
    if (exceptionCode == 1 && doing.equals("writing")) {
      return "check that the device lets its " + ReadPlan.table(request.area()) + " be written";
    }
    return switch (exceptionCode) {
      case 1 -> "check the area: the device has no " + ReadPlan.table(request.area());
      case 2 ->
          "check the address (0-based, as on the wire: a manual's 40001 is holding register 0)";
      case 3 -> "check the address and the data type";
      case 10, 11 -> "check the unit id: the gateway cannot reach unit " + unit;
      default -> "check the device: it reports a fault or is busy";
    };
  }

  /** The request's points, the first three: {@code power_kw, temp_c, …}. */
  static String names(Request request) {
    List<String> names = request.points().stream().map(p -> p.spec().name()).toList();
    return names.size() <= 3
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 3)) + ", …";
  }

  /** Values a probe read, cut to a line. */
  static String summary(List<String> values) {
    String all = String.join(", ", values);
    if (all.length() <= SUMMARY_LENGTH) {
      return all;
    }
    int cut = all.lastIndexOf(", ", SUMMARY_LENGTH);
    return all.substring(0, cut < 0 ? SUMMARY_LENGTH : cut) + ", …";
  }

  /** {@code 1s}, {@code 250ms}, {@code 2m}: as the configuration writes durations. */
  static String format(Duration interval) {
    long millis = interval.toMillis();
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
