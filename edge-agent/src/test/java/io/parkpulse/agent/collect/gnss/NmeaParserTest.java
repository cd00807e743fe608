package io.parkpulse.agent.collect.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.agent.collect.gnss.NmeaParser.NmeaException;
import io.parkpulse.agent.collect.gnss.NmeaSentence.Gga;
import io.parkpulse.agent.collect.gnss.NmeaSentence.Gsa;
import io.parkpulse.agent.collect.gnss.NmeaSentence.Rmc;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser on sentences as receivers send them. The checksums were worked out by XOR-ing the
 * characters between $ and *; the two GPS examples are the ones NMEA references publish (*47, *6A),
 * which the checksum test holds the computation to.
 */
class NmeaParserTest {

  private static final double EXACT = 1e-9;

  @Test
  void computesThePublishedChecksums() {
    assertThat(NmeaParser.checksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"))
        .isEqualTo("47");
    assertThat(
            NmeaParser.checksum("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W"))
        .isEqualTo("6A");
  }

  @Test
  void readsTheClassicGpsGga() throws Exception {
    Gga gga = gga("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47");

    assertThat(gga.talker()).isEqualTo("GP");
    assertThat(gga.time()).isEqualTo(LocalTime.of(12, 35, 19));
    assertThat(gga.position().lat()).isCloseTo(48 + 7.038 / 60, within(EXACT));
    assertThat(gga.position().lon()).isCloseTo(11 + 31.0 / 60, within(EXACT));
    assertThat(gga.quality()).isEqualTo(1);
    assertThat(gga.satellites()).isEqualTo(8);
    assertThat(gga.hdop()).isEqualTo(0.9);
    assertThat(gga.altitude()).isEqualTo(545.4);
  }

  @Test
  void readsTheClassicGpsRmc() throws Exception {
    Rmc rmc = rmc("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A");

    assertThat(rmc.valid()).isTrue();
    assertThat(rmc.position().lat()).isCloseTo(48.1173, within(EXACT));
    assertThat(rmc.position().lon()).isCloseTo(11.516666666, within(1e-8));
    assertThat(rmc.speedKnots()).isEqualTo(22.4);
    assertThat(rmc.course()).isEqualTo(84.4);
    assertThat(rmc.date()).isEqualTo(LocalDate.of(1994, 3, 23));
  }

  @Test
  void readsABeidouReceiversMultiSystemSentences() throws Exception {
    Gga gga = gga("$GNGGA,020915.000,3150.7887,N,11711.9296,E,1,12,0.92,38.3,M,0.0,M,,*79");
    Rmc rmc = rmc("$GNRMC,020915.000,A,3150.7887,N,11711.9296,E,0.00,152.36,110524,,,A*7B");
    Gsa beidou = gsa("$BDGSA,A,3,06,09,16,19,21,22,26,29,,,,,1.45,0.92,1.12,4*0E");
    Gsa gps = gsa("$GNGSA,A,3,10,12,24,25,32,,,,,,,,1.46,0.92,1.13,1*08");

    assertThat(gga.talker()).isEqualTo("GN");
    assertThat(gga.time()).isEqualTo(LocalTime.of(2, 9, 15));
    assertThat(gga.position().lat()).isCloseTo(31 + 50.7887 / 60, within(EXACT));
    assertThat(gga.position().lon()).isCloseTo(117 + 11.9296 / 60, within(EXACT));
    assertThat(gga.satellites()).isEqualTo(12);
    assertThat(rmc.position()).isEqualTo(gga.position());
    assertThat(rmc.speedKnots()).isZero();
    assertThat(rmc.date()).isEqualTo(LocalDate.of(2024, 5, 11));
    assertThat(beidou.talker()).isEqualTo("BD");
    assertThat(beidou.automatic()).isTrue();
    assertThat(beidou.fixType()).isEqualTo(3);
    assertThat(beidou.pdop()).isEqualTo(1.45);
    assertThat(beidou.hdop()).isEqualTo(0.92);
    assertThat(beidou.vdop()).isEqualTo(1.12);
    assertThat(gps.pdop()).isEqualTo(1.46);
  }

  @Test
  void readsBeidouOnlyTalkersBdAndGb() throws Exception {
    Gga gga = gga("$BDGGA,081836.00,2232.6139,N,11403.4551,E,2,09,1.1,12.6,M,-2.5,M,1.0,0000*7D");
    Rmc rmc = rmc("$GBRMC,081836.00,A,2232.6139,N,11403.4551,E,5.400,270.0,150624,,,D*43");
    Gsa gsa = gsa("$GBGSA,A,3,01,02,03,04,07,08,10,13,,,,,2.0,1.1,1.7,4*34");

    assertThat(gga.talker()).isEqualTo("BD");
    assertThat(gga.quality()).isEqualTo(2);
    assertThat(gga.position().lat()).isCloseTo(22.543565, within(EXACT));
    assertThat(gga.position().lon()).isCloseTo(114.057585, within(EXACT));
    assertThat(rmc.talker()).isEqualTo("GB");
    assertThat(rmc.speedKnots()).isEqualTo(5.4);
    assertThat(rmc.course()).isEqualTo(270.0);
    assertThat(gsa.talker()).isEqualTo("GB");
    assertThat(gsa.pdop()).isEqualTo(2.0);
  }

  @Test
  void southAndWestAreNegative() throws Exception {
    Gga sydney = gga("$GPGGA,001043.00,3352.4810,S,15112.6352,E,1,07,1.2,58.0,M,22.1,M,,*41");
    Rmc buenosAires = rmc("$GPRMC,001043.00,A,3436.6372,S,05822.9811,W,0.5,12.3,010225,,,A*68");
    Gga newYork =
        gga("$GNGGA,142211.00,4042.7724,N,07400.3610,W,4,20,0.6,10.2,M,-34.3,M,1.0,0001*53");

    assertThat(sydney.position().lat()).isCloseTo(-(33 + 52.4810 / 60), within(EXACT));
    assertThat(sydney.position().lon()).isCloseTo(151 + 12.6352 / 60, within(EXACT));
    assertThat(buenosAires.position().lat()).isCloseTo(-34.61062, within(EXACT));
    assertThat(buenosAires.position().lon()).isCloseTo(-(58 + 22.9811 / 60), within(EXACT));
    assertThat(newYork.position().lat()).isCloseTo(40 + 42.7724 / 60, within(EXACT));
    assertThat(newYork.position().lon()).isCloseTo(-(74 + 0.3610 / 60), within(EXACT));
    assertThat(newYork.quality()).isEqualTo(4);
    assertThat(newYork.altitude()).isEqualTo(10.2);
  }

  @Test
  void noFixGivesNoPosition() throws Exception {
    Gga cold = gga("$GNGGA,,,,,,0,00,25.5,,,,,,*64");
    Rmc warning = rmc("$GNRMC,,V,,,,,,,,,,N*4D");
    Gsa none = gsa("$BDGSA,A,1,,,,,,,,,,,,,25.5,25.5,25.5,4*0B");
    // Some receivers repeat the last position with quality 0 or status V: it is not a fix.
    Gga stale = gga("$GNGGA,020916.000,3150.7887,N,11711.9296,E,0,00,,,M,,M,,*55");
    Rmc staleRmc = rmc("$GNRMC,020916.000,V,3150.7887,N,11711.9296,E,0.00,0.00,110524,,,N*63");
    // Mode N (not valid) overrides status A.
    Rmc modeN = rmc("$GNRMC,020917.000,A,3150.7887,N,11711.9296,E,0.00,0.00,110524,,,N*75");
    // A quality without a position is no fix either.
    Gga noPosition = gga("$GNGGA,020915.000,,,,,1,04,4.0,,M,,M,,*46");

    assertThat(cold.position()).isNull();
    assertThat(cold.quality()).isZero();
    assertThat(cold.time()).isNull();
    assertThat(cold.satellites()).isZero();
    assertThat(warning.valid()).isFalse();
    assertThat(warning.position()).isNull();
    assertThat(warning.date()).isNull();
    assertThat(none.fixType()).isEqualTo(1);
    assertThat(stale.position()).isNull();
    assertThat(stale.hdop()).isNull();
    assertThat(staleRmc.position()).isNull();
    assertThat(modeN.valid()).isFalse();
    assertThat(modeN.position()).isNull();
    assertThat(noPosition.position()).isNull();
    assertThat(noPosition.quality()).isZero();
    assertThat(noPosition.satellites()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00*74",
        "$GLGSA,A,3,65,66,,,,,,,,,,,1.46,0.92,1.13,2*08",
        "$GAGSA,A,3,03,05,,,,,,,,,,,1.46,0.92,1.13,3*01",
        "$GPTXT,01,01,02,ANTSTATUS=OK*3B",
        "$PMTK001,314,3*36"
      })
  void passesOverSoundSentencesItDoesNotUse(String line) throws Exception {
    assertThat(NmeaParser.parse(line)).isEmpty();
  }

  @Test
  void takesTheChecksumInEitherCaseAndIgnoresTheLineBreak() throws Exception {
    String lower = "$GNRMC,020915.000,A,3150.7887,N,11711.9296,E,0.00,152.36,110524,,,A*7b\r\n";
    assertThat(NmeaParser.parse(lower)).containsInstanceOf(Rmc.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // one digit of the position changed, checksum left
        "$GPGGA,123519,4807.039,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",
        // no checksum at all
        "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
        // a checksum that is not hex
        "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*4G",
      })
  void refusesAWrongOrMissingChecksum(String line) {
    assertThatThrownBy(() -> NmeaParser.parse(line))
        .isInstanceOf(NmeaException.class)
        .hasMessageContaining("checksum");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // fields missing (cut short)
        "$GPGGA,123519,4807.038,N*27",
        // hemisphere neither N nor S
        "$GNGGA,020915.000,3150.7887,X,11711.9296,E,1,12,0.92,38.3,M,0.0,M,,*6F",
        // 99 minutes
        "$GNGGA,020915.000,3199.7887,N,11711.9296,E,1,12,0.92,38.3,M,0.0,M,,*7C",
        // fix quality missing
        "$GNGGA,020915.000,3150.7887,N,11711.9296,E,,12,0.92,38.3,M,0.0,M,,*48",
        // longitude missing, its hemisphere given
        "$GNGGA,020915.000,3150.7887,N,,E,1,12,0.92,38.3,M,0.0,M,,*64",
        // hour 25
        "$GNGGA,250915.000,3150.7887,N,11711.9296,E,1,12,0.92,38.3,M,0.0,M,,*7C",
        // status neither A nor V
        "$GNRMC,020915.000,X,3150.7887,N,11711.9296,E,0.00,152.36,110524,,,A*62",
        // a number Java would read but NMEA does not write
        "$GNGGA,020915.000,3150.7887,N,11711.9296,E,1,12,0x1p3,38.3,M,0.0,M,,*56",
      })
  void refusesMissingOrMalformedFields(String line) {
    assertThatThrownBy(() -> NmeaParser.parse(line)).isInstanceOf(NmeaException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "hello",
        "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",
        "$*00",
        "$gpgga,1*6B", // a right checksum, a lowercase address
        "\u00ff\u00fe$GPGGA*56",
      })
  void refusesGarbage(String line) {
    assertThatThrownBy(() -> NmeaParser.parse(line)).isInstanceOf(NmeaException.class);
  }

  @Test
  void refusesAnOverlongLine() {
    String sentence = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";
    assertThatThrownBy(() -> NmeaParser.parse(sentence + " ".repeat(NmeaParser.MAX_LENGTH) + "x"))
        .isInstanceOf(NmeaException.class)
        .hasMessageContaining("too long");
  }

  private static Gga gga(String line) throws NmeaException {
    return (Gga) NmeaParser.parse(line).orElseThrow();
  }

  private static Rmc rmc(String line) throws NmeaException {
    return (Rmc) NmeaParser.parse(line).orElseThrow();
  }

  private static Gsa gsa(String line) throws NmeaException {
    return (Gsa) NmeaParser.parse(line).orElseThrow();
  }
}
