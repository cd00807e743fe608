package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.model.ParkTopic.Kind;
import org.junit.jupiter.api.Test;

class ParkTopicTest {

  @Test
  void namesTopicsByPrefixParkAndKind() {
    assertThat(ParkTopic.telemetry("north-park").name())
        .isEqualTo("parkpulse.north-park.telemetry.v1");
    assertThat(new ParkTopic("acme", "p1", Kind.COMMAND_RESPONSES).name())
        .isEqualTo("acme.p1.command-responses.v1");
    assertThat(new ParkTopic("parkpulse", "north-park", Kind.ENERGY).name())
        .isEqualTo("parkpulse.north-park.energy.v1");
    assertThat(ParkTopic.registry("parkpulse")).isEqualTo("parkpulse.registry.v1");
    assertThat(ParkTopic.deadLetter("parkpulse")).isEqualTo("parkpulse.dlq.v1");
  }

  @Test
  void parsesEveryKindBack() {
    for (Kind kind : Kind.values()) {
      ParkTopic topic = new ParkTopic("parkpulse", "south-2", kind);
      assertThat(ParkTopic.parse("parkpulse", topic.name())).contains(topic);
    }
    assertThat(ParkTopic.parse("parkpulse", "parkpulse.north-park.energy.v1"))
        .contains(new ParkTopic("parkpulse", "north-park", Kind.ENERGY));
  }

  @Test
  void doesNotParseForeignOrGlobalTopics() {
    assertThat(ParkTopic.parse("parkpulse", "parkpulse.registry.v1")).isEmpty();
    assertThat(ParkTopic.parse("parkpulse", "other.p1.telemetry.v1")).isEmpty();
    assertThat(ParkTopic.parse("parkpulse", "parkpulse.p1.telemetry.v2")).isEmpty();
    assertThat(ParkTopic.parse("parkpulse", "parkpulse.P1.telemetry.v1")).isEmpty();
    assertThat(ParkTopic.parse("parkpulse", "parkpulse.a.b.telemetry.v1")).isEmpty();
    assertThat(ParkTopic.parse("parkpulse", "parkpulse.p1.energy.v2")).isEmpty();
  }

  @Test
  void patternMatchesOnlyTheKindUnderThePrefix() {
    var pattern = ParkTopic.patternFor("parkpulse", Kind.TELEMETRY);
    assertThat(pattern.matcher("parkpulse.p1.telemetry.v1").matches()).isTrue();
    assertThat(pattern.matcher("parkpulse.p1.events.v1").matches()).isFalse();
    assertThat(pattern.matcher("parkpulseXp1.telemetry.v1").matches()).isFalse();
    assertThat(pattern.matcher("parkpulse.registry.v1").matches()).isFalse();
  }

  @Test
  void rejectsInvalidParkIds() {
    assertThatThrownBy(() -> ParkTopic.telemetry("Bad.Park"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("park 'Bad.Park'");
  }
}
