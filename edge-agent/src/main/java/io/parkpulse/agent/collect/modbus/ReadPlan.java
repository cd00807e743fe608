package io.parkpulse.agent.collect.modbus;

import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The requests that read a group's points: per area, neighbouring points share one request, so that
 * a poll costs a few round trips rather than one per point. Points are merged only across small
 * gaps, since reading unused registers costs bytes and some devices refuse to.
 */
final class ReadPlan {

  /** Registers one read may ask for (Modbus function codes 3 and 4). */
  static final int MAX_REGISTERS = 125;

  /** Bits one read may ask for (Modbus function codes 1 and 2). */
  static final int MAX_BITS = 2000;

  /** Unused registers a request may span to take in the next point. */
  static final int MAX_REGISTER_GAP = 16;

  /** Unused bits a request may span: as many bytes as {@link #MAX_REGISTER_GAP} registers. */
  static final int MAX_BIT_GAP = MAX_REGISTER_GAP * 16;

  /**
   * One read request.
   *
   * @param area the table it reads
   * @param start first register or bit
   * @param count registers or bits it reads
   * @param points the points it reads, in address order
   */
  record Request(Area area, int start, int count, List<Point> points) {

    /** Where {@code point} starts in the request's answer. */
    int indexOf(Point point) {
      return point.address() - start;
    }

    /** Says what the request reads, for error messages: {@code holding registers 40-45}. */
    String describe() {
      String table = table(area);
      return count == 1
          ? table.substring(0, table.length() - 1) + " " + start
          : table + " " + start + "-" + (start + count - 1);
    }
  }

  private ReadPlan() {}

  /** Plans the requests that read {@code points}: by area, then by address. */
  static List<Request> of(List<Point> points) {
    List<Request> requests = new ArrayList<>();
    for (Area area : Area.values()) {
      List<Point> sorted =
          points.stream()
              .filter(p -> p.area() == area)
              .sorted(Comparator.comparingInt(Point::address).thenComparingInt(ReadPlan::width))
              .toList();
      if (sorted.isEmpty()) {
        continue;
      }
      boolean bits = isBits(area);
      int maxCount = bits ? MAX_BITS : MAX_REGISTERS;
      int maxGap = bits ? MAX_BIT_GAP : MAX_REGISTER_GAP;
      List<Point> current = new ArrayList<>();
      int start = 0;
      int end = 0;
      for (Point point : sorted) {
        int pointEnd = point.address() + width(point);
        boolean fits =
            !current.isEmpty()
                && point.address() - end <= maxGap
                && Math.max(end, pointEnd) - start <= maxCount;
        if (!fits) {
          if (!current.isEmpty()) {
            requests.add(new Request(area, start, end - start, List.copyOf(current)));
          }
          current.clear();
          start = point.address();
          end = pointEnd;
        }
        current.add(point);
        end = Math.max(end, pointEnd);
      }
      requests.add(new Request(area, start, end - start, List.copyOf(current)));
    }
    return requests;
  }

  /** Whether {@code area} holds bits rather than 16-bit registers. */
  static boolean isBits(Area area) {
    return area == Area.COIL || area == Area.DISCRETE_INPUT;
  }

  /** The area's name as manuals write it, plural: {@code holding registers}. */
  static String table(Area area) {
    return switch (area) {
      case HOLDING_REGISTER -> "holding registers";
      case INPUT_REGISTER -> "input registers";
      case COIL -> "coils";
      case DISCRETE_INPUT -> "discrete inputs";
    };
  }

  /** Registers or bits the point takes. */
  static int width(Point point) {
    return isBits(point.area()) ? 1 : point.type().registers();
  }
}
