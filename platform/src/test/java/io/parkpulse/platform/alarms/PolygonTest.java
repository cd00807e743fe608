package io.parkpulse.platform.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolygonTest {

  @Test
  void polygonsAreCheckedAndContainPointsByTheEvenOddRule() {
    // An L shape: the notch at its top right is outside.
    Polygon l =
        Polygon.of(
            List.of(
                List.of(0.0, 0.0),
                List.of(2.0, 0.0),
                List.of(2.0, 1.0),
                List.of(1.0, 1.0),
                List.of(1.0, 2.0),
                List.of(0.0, 2.0),
                List.of(0.0, 0.0)));
    assertThat(l.contains(new Polygon.Position(0.5, 1.5))).isTrue();
    assertThat(l.contains(new Polygon.Position(1.5, 0.5))).isTrue();
    assertThat(l.contains(new Polygon.Position(1.5, 1.5))).isFalse();
    assertThat(l.contains(new Polygon.Position(-0.1, 0.5))).isFalse();
    assertThat(l.corners()).hasSize(7).first().isEqualTo(List.of(0.0, 0.0));
    assertThatThrownBy(() -> Polygon.of(List.of(List.of(0.0, 0.0), List.of(1.0, 1.0))))
        .hasMessageContaining("at least 3 distinct corners");
    assertThatThrownBy(
            () -> Polygon.of(List.of(List.of(0.0, 0.0), List.of(1.0, 1.0), List.of(2.0, 2.0))))
        .hasMessageContaining("on one line");
    assertThatThrownBy(
            () ->
                Polygon.of(
                    List.of(List.of(31.2, 121.5), List.of(31.3, 121.5), List.of(31.3, 121.6))))
        .hasMessageContaining("longitude first");
    assertThatThrownBy(() -> Polygon.of(List.of(List.of(0.0), List.of(1.0, 1.0))))
        .hasMessageContaining("corner 0 is not a [longitude, latitude] pair");
  }
}
