package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceRefTest {

  @Test
  void parsesUsernameAndKafkaKeyOfTheSameDevice() {
    DeviceRef fromUser = DeviceRef.fromUsername("press-01@acme");
    assertThat(fromUser).isEqualTo(new DeviceRef("acme", "press-01"));
    assertThat(fromUser.kafkaKey()).isEqualTo("acme/press-01");
    assertThat(DeviceRef.fromKafkaKey(fromUser.kafkaKey())).isEqualTo(fromUser);
    assertThat(fromUser.username()).isEqualTo("press-01@acme");
  }

  @Test
  void rejectsMalformedUsernames() {
    for (String bad : new String[] {"press-01", "a@b@c", "@acme", "press@", "Press-01@acme"}) {
      assertThatThrownBy(() -> DeviceRef.fromUsername(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsMalformedKafkaKeys() {
    assertThatThrownBy(() -> DeviceRef.fromKafkaKey("acme/x/y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceRef.fromKafkaKey(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
