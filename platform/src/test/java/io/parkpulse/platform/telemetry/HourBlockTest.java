package io.parkpulse.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.telemetry.readmodel.HourBlock;
import io.parkpulse.platform.telemetry.readmodel.HourBlock.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HourBlockTest {

  private static final long HOUR = 1_764_979_200_000_000L; // 2025-12-06T00:00:00Z in µs
  private static final ObjectMapper JACKSON = new ObjectMapper();

  /** Metrics as {@code jsonb} prints them: keys shorter first, then by bytes. */
  @Test
  void everyKindOfValueComesBackExactlyAsJsonbPrintsIt() {
    List<String> metrics =
        List.of(
            "{\"a\": 1, \"kw\": 71.20, \"ok\": true, \"state\": \"running\"}",
            "{\"kw\": -0.001, \"big\": 123456789012345678901234567890, \"none\": null}",
            "{\"kw\": 5000000000, \"ok\": false, \"nested\": {\"x\": [1, 2.5, \"y\"]}}",
            "{\"tiny\": 0.1234567890123456789, \"state\": \"停机\", \"温度\": 21.5}",
            "{}");
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      entries.add(
          new Entry(
              40 + i,
              HOUR + i * 1_000_123L,
              HOUR + i * 1_000_123L + 7_001,
              HourBlock.metrics(metrics.get(i))));
    }

    List<Entry> decoded = HourBlock.decode(HOUR, HourBlock.encode(HOUR, entries), null);

    assertThat(decoded).hasSize(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      assertThat(decoded.get(i).seq()).isEqualTo(entries.get(i).seq());
      assertThat(decoded.get(i).tsMicros()).isEqualTo(entries.get(i).tsMicros());
      assertThat(decoded.get(i).receivedMicros()).isEqualTo(entries.get(i).receivedMicros());
      // As text: scale kept (71.20), big numbers whole, nested values as they were.
      assertThat(decoded.get(i).metrics()).isEqualTo(entries.get(i).metrics());
      assertThat(decoded.get(i).metrics().toString())
          .isEqualTo(entries.get(i).metrics().toString());
    }
    assertThat(decoded.get(0).metrics().get("kw").toString()).isEqualTo("71.20");
  }

  @Test
  void readersGetTheSameJavaValuesAsFromARowOfJson() throws Exception {
    String json =
        "{\"a\": 1, \"kw\": 71.20, \"n\": 5000000000, \"big\": 123456789012345678901234567890,"
            + " \"s\": \"x\", \"b\": true, \"z\": null, \"o\": {\"k\": 2.5}}";
    Entry entry = new Entry(1, HOUR, HOUR, HourBlock.metrics(json));

    Entry decoded = HourBlock.decode(HOUR, HourBlock.encode(HOUR, List.of(entry)), null).get(0);

    @SuppressWarnings("unchecked")
    Map<String, Object> fromRow = JACKSON.readValue(json, Map.class);
    assertThat(HourBlock.plain(decoded.metrics())).isEqualTo(fromRow);
  }

  @Test
  void aReaderDecodesOnlyThePointsItAsksFor() {
    Entry entry =
        new Entry(1, HOUR, HOUR, HourBlock.metrics("{\"kw\": 1.5, \"state\": \"idle\", \"t\": 3}"));
    byte[] block = HourBlock.encode(HOUR, List.of(entry));

    assertThat(HourBlock.decode(HOUR, block, Set.of("kw")).get(0).metrics().toString())
        .isEqualTo("{\"kw\":1.5}");
    assertThat(HourBlock.decode(HOUR, block, Set.of()).get(0).metrics().size()).isZero();
  }

  @Test
  void mergingKeepsARedeliveredReadingOnceInTimeOrder() {
    Entry a = new Entry(2, HOUR + 2_000_000, HOUR + 2_000_000, HourBlock.metrics("{\"kw\": 2}"));
    Entry b = new Entry(1, HOUR + 1_000_000, HOUR + 1_000_000, HourBlock.metrics("{\"kw\": 1}"));
    Entry again =
        new Entry(2, HOUR + 2_000_000, HOUR + 2_000_000, HourBlock.metrics("{\"kw\": 2}"));

    assertThat(HourBlock.merge(List.of(a, b, again)))
        .extracting(Entry::seq)
        .containsExactly(1L, 2L);
  }

  @Test
  void anHourOfSimulatedReadingsTakesAFewBytesAValue() {
    Random random = new Random(7);
    List<Entry> entries = new ArrayList<>();
    double temp = 60;
    long good = 0;
    for (int i = 0; i < 3600; i++) {
      temp += random.nextGaussian() * 0.1;
      good += random.nextInt(3);
      String json =
          String.format(
              "{\"good\": %d, \"temp\": %.2f, \"state\": \"running\", \"total\": %d, \"kw\": %.3f,"
                  + " \"kwh\": %.3f}",
              good, temp, good + i / 50, 10 + random.nextDouble(), 1000 + i * 0.004);
      long ts = HOUR + i * 1_000_000L + random.nextInt(2_000);
      entries.add(
          new Entry(i + 1, ts, ts + 3_000 + random.nextInt(5_000), HourBlock.metrics(json)));
    }

    byte[] block = HourBlock.encode(HOUR, HourBlock.merge(entries));

    double bytesPerValue = (double) block.length / (3600 * 6);
    assertThat(bytesPerValue).as("before PostgreSQL's own compression").isLessThan(4);
    assertThat(HourBlock.decode(HOUR, block, null)).hasSize(3600);
  }
}
