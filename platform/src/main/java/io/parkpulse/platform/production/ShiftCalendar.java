package io.parkpulse.platform.production;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A park's shifts, in its local time, turned into the planned production windows of given days. A
 * shift that ends at or before its start runs past midnight into the next day.
 */
public final class ShiftCalendar {

  /** A shift, e.g. day 08:00 to 20:00. */
  public record Shift(String name, LocalTime start, LocalTime end) {}

  /** One shift on one day, as instants. */
  public record Window(String shift, LocalDate day, Instant start, Instant end) {}

  private final List<Shift> shifts;
  private final ZoneId zone;

  public ShiftCalendar(List<Shift> shifts, ZoneId zone) {
    this.shifts = List.copyOf(shifts);
    this.zone = zone;
  }

  /** Every shift starting on the days {@code from} to {@code to}, both included, in order. */
  public List<Window> windows(LocalDate from, LocalDate to) {
    List<Window> windows = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      for (Shift shift : shifts) {
        LocalDate endDay = shift.end().isAfter(shift.start()) ? day : day.plusDays(1);
        windows.add(
            new Window(
                shift.name(),
                day,
                day.atTime(shift.start()).atZone(zone).toInstant(),
                endDay.atTime(shift.end()).atZone(zone).toInstant()));
      }
    }
    windows.sort(Comparator.comparing(Window::start));
    return windows;
  }
}
