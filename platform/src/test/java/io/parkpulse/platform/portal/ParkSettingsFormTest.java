package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.parks.ParkView;
import io.parkpulse.platform.parks.Shift;
import io.parkpulse.platform.tenancy.Limits;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParkSettingsFormTest {

  private static ParkSettingsForm form(String retention, String shifts, String deviceRate) {
    return new ParkSettingsForm(
        "滨江园", "Asia/Shanghai", retention, shifts, "", deviceRate, "", "", "1073741824");
  }

  @Test
  void shiftsAreOneALineAndBlankLimitsAreLeftToThePlatform() {
    ParkSettingsForm form = form("90", "早班 08:00 16:00\r\n\n夜班 20:00 04:00\n", " 50 ");

    assertThat(form.problems()).isEmpty();
    assertThat(form.parkRequest("p1").shiftCalendar())
        .containsExactly(new Shift("早班", "08:00", "16:00"), new Shift("夜班", "20:00", "04:00"));
    assertThat(form.parkRequest("p1").retentionDays()).isEqualTo(90);
    assertThat(form.limits()).isEqualTo(new Limits(null, 50, null, null, 1073741824L));
  }

  @Test
  void eachWrongFieldIsNamed() {
    ParkSettingsForm form = form("ninety", "早班 08:00", "fast");

    assertThat(form.problems())
        .containsExactly("settings.retention-days", "settings.shifts", "settings.device-messages");
  }

  @Test
  void theFormStartsFromWhatTheParkHas() {
    ParkView park =
        new ParkView(
            "p1",
            "滨江园",
            "Asia/Shanghai",
            365,
            2,
            1000,
            100,
            List.of(new Shift("A", "06:00", "14:00"), new Shift("B", "14:00", "22:00")),
            Instant.EPOCH);

    ParkSettingsForm form = ParkSettingsForm.of(park, new Limits(10, null, null, null, null));

    assertThat(form.shifts()).isEqualTo("A 06:00 14:00\nB 14:00 22:00");
    assertThat(form.retentionDays()).isEqualTo("365");
    assertThat(form.maxConnections()).isEqualTo("10");
    assertThat(form.deviceMessagesPerSecond()).isEmpty();
  }
}
