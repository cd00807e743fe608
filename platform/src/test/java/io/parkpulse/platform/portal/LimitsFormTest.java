package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.tenancy.Limits;
import org.junit.jupiter.api.Test;

class LimitsFormTest {

  @Test
  void blankIsNotSetAndZeroIsNoLimit() {
    LimitsForm form = new LimitsForm(" 50 ", "", "0", null, "21474836480");

    assertThat(form.problems()).isEmpty();
    assertThat(form.limits()).isEqualTo(new Limits(50, null, 0, null, 21474836480L));
  }

  @Test
  void eachFieldThatIsNotAWholeNumberFromZeroThatFitsIsNamed() {
    LimitsForm form = new LimitsForm("-1", "fast", "3000000000", "1.5", "12");

    assertThat(form.problems())
        .containsExactly(
            "settings.max-connections",
            "settings.device-messages",
            "settings.enterprise-messages",
            "settings.device-bytes");
  }

  @Test
  void theFormStartsFromWhatIsSet() {
    LimitsForm form = LimitsForm.of(new Limits(10, null, null, 5L, null));

    assertThat(form.maxConnections()).isEqualTo("10");
    assertThat(form.deviceMessagesPerSecond()).isEmpty();
    assertThat(form.deviceBytesPerDay()).isEqualTo("5");
  }
}
