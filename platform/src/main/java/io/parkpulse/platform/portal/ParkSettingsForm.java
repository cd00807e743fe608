package io.parkpulse.platform.portal;

import io.parkpulse.platform.parks.ParkRequest;
import io.parkpulse.platform.parks.ParkView;
import io.parkpulse.platform.parks.Shift;
import io.parkpulse.platform.tenancy.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * The park settings form as typed: the park's name, time zone, retention and shifts, and the
 * default limits of its enterprises (blank: the platform's default applies).
 *
 * @param shifts one shift a line: {@code name start end}, e.g. {@code 早班 08:00 16:00}
 */
public record ParkSettingsForm(
    String name,
    String timezone,
    String retentionDays,
    String shifts,
    String maxConnections,
    String deviceMessagesPerSecond,
    String enterpriseMessagesPerSecond,
    String deviceBytesPerDay,
    String enterpriseBytesPerDay) {

  /** The form filled with what the park has now. */
  static ParkSettingsForm of(ParkView park, Limits defaults) {
    StringBuilder shifts = new StringBuilder();
    for (Shift s : park.shiftCalendar()) {
      shifts
          .append(s.name())
          .append(' ')
          .append(s.start())
          .append(' ')
          .append(s.end())
          .append('\n');
    }
    LimitsForm limits = LimitsForm.of(defaults);
    return new ParkSettingsForm(
        park.name(),
        park.timezone(),
        Integer.toString(park.retentionDays()),
        shifts.toString().strip(),
        limits.maxConnections(),
        limits.deviceMessagesPerSecond(),
        limits.enterpriseMessagesPerSecond(),
        limits.deviceBytesPerDay(),
        limits.enterpriseBytesPerDay());
  }

  /** What to fix, each naming its field (message keys with the field's label); empty if none. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (FormValues.wholeNumber(retentionDays) == null) {
      problems.add("settings.retention-days");
    }
    if (shiftList() == null) {
      problems.add("settings.shifts");
    }
    problems.addAll(limitsForm().problems());
    return problems;
  }

  ParkRequest parkRequest(String id) {
    return new ParkRequest(
        id,
        name == null ? null : name.strip(),
        timezone == null ? null : timezone.strip(),
        FormValues.wholeNumber(retentionDays).intValue(),
        null,
        null,
        null,
        shiftList());
  }

  Limits limits() {
    return limitsForm().limits();
  }

  private LimitsForm limitsForm() {
    return new LimitsForm(
        maxConnections,
        deviceMessagesPerSecond,
        enterpriseMessagesPerSecond,
        deviceBytesPerDay,
        enterpriseBytesPerDay);
  }

  /** The shifts, or null if a line is not {@code name start end}. */
  private List<Shift> shiftList() {
    List<Shift> list = new ArrayList<>();
    for (String line : (shifts == null ? "" : shifts).split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split("\\s+");
      if (parts.length != 3) {
        return null;
      }
      list.add(new Shift(parts[0], parts[1], parts[2]));
    }
    return list;
  }
}
