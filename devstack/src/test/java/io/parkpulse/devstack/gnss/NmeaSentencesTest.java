package io.parkpulse.devstack.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class NmeaSentencesTest {

  private static final LocalTime NOON = LocalTime.of(12, 35, 19);

  @Test
  void checksumsArePublishedExamples() {
    assertThat(
            NmeaSentences.sentence("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"))
        .isEqualTo("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47");
    assertThat(
            NmeaSentences.sentence(
                "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W"))
        .endsWith("*6A");
  }

  @Test
  void writesPositionsAsDegreesAndMinutesWithTheirHemispheres() {
    assertThat(NmeaSentences.position(new LatLon(48.1173, 11.516666666666667)))
        .isEqualTo("4807.03800,N,01131.00000,E");
    assertThat(NmeaSentences.position(new LatLon(-34.61062, -58.38301833333333)))
        .isEqualTo("3436.63720,S,05822.98110,W");
    // a minute that rounds up to 60 carries into the degrees
    assertThat(NmeaSentences.position(new LatLon(9.9999999999, -0.0000000001)))
        .isEqualTo("1000.00000,N,00000.00000,W");
  }

  @Test
  void buildsGgaRmcAndGsaAsAReceiverWritesThem() {
    LatLon at = new LatLon(31.846478333, 117.198826667);
    assertThat(NmeaSentences.gga("GN", NOON, at, 1, 12, 0.8, 38.3))
        .startsWith("$GNGGA,123519.00,3150.78870,N,11711.92960,E,1,12,0.8,38.3,M,-3.2,M,,*");
    assertThat(NmeaSentences.rmc("GB", NOON, LocalDate.of(2024, 5, 11), at, 5.4, 270))
        .startsWith("$GBRMC,123519.00,A,3150.78870,N,11711.92960,E,5.400,270.0,110524,,,A*");
    assertThat(NmeaSentences.gsa("BD", 3, new int[] {6, 9, 16}, 1.4, 0.8, 1.1))
        .startsWith("$BDGSA,A,3,06,09,16,,,,,,,,,,1.4,0.8,1.1*");
    assertThat(NmeaSentences.ggaNoFix("GN", NOON, 0)).startsWith("$GNGGA,123519.00,,,,,0,00,");
    assertThat(NmeaSentences.rmcNoFix("GN", NOON, LocalDate.of(2024, 5, 11)))
        .startsWith("$GNRMC,123519.00,V,,,,,,,110524,,,N*");
  }

  @Test
  void aBadChecksumDiffersFromTheRightOne() {
    String right = NmeaSentences.gga("GP", NOON, new LatLon(1, 2), 1, 5, 1.0, 0);
    String bad = NmeaSentences.withBadChecksum(right);
    assertThat(bad).hasSameSizeAs(right).isNotEqualTo(right);
    assertThat(bad.substring(0, bad.length() - 2))
        .isEqualTo(right.substring(0, right.length() - 2));
  }

  @Test
  void aRouteThroughWaypointsMovesAtItsSpeedAndStaysAtItsEnd() {
    LatLon start = new LatLon(31.8, 117.2);
    LatLon corner = start.offset(25, 0);
    LatLon end = corner.offset(0, 25);
    Route route = Route.through(2, start, corner, end).startingAfter(3);

    assertThat(route.seconds()).isEqualTo(3 + 25);
    assertThat(route.at(0)).isEqualTo(start);
    assertThat(route.at(3)).isEqualTo(start);
    // 2 m a second, less where the straight line between two seconds cuts the corner
    for (int s = 4; s <= route.seconds(); s++) {
      assertThat(route.speedAt(s)).as("second %d", s).isBetween(1.4, 2.001);
    }
    assertThat(route.speedAt(5)).isCloseTo(2, within(0.001));
    assertThat(route.at(route.seconds())).isEqualTo(end);
    assertThat(route.at(route.seconds() + 100)).isEqualTo(end);
    assertThat(route.speedAt(route.seconds() + 1)).isZero();
    assertThat(route.courseAt(5)).isCloseTo(0, within(0.5));
    assertThat(route.courseAt(route.seconds() - 2)).isCloseTo(90, within(0.5));
  }
}
