package io.parkpulse.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.agent.store.ReadingStore.Overflow;
import io.parkpulse.model.DeviceRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

  @TempDir Path dir;

  @Test
  void theQueueFollowsTheHeapWithinItsBounds() {
    assertThat(Recorder.queueBound(48L << 20)).isEqualTo(12_288);
    assertThat(Recorder.queueBound(256L << 20)).isEqualTo(65_536);
    assertThat(Recorder.queueBound(2L << 30)).isEqualTo(100_000);
    assertThat(Recorder.queueBound(1L << 20)).isEqualTo(1_000);
  }

  @Test
  void aReadingThatFindsTheQueueFullIsCountedAndTheQueuedOnesAreStoredInOrder() throws Exception {
    DeviceRef press = new DeviceRef("acme", "press");
    try (ReadingStore store = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST)) {
      Recorder recorder = new Recorder(store, () -> {}, 3);
      for (int i = 0; i < 5; i++) {
        recorder.take(press, Instant.parse("2026-12-07T10:00:00Z").plusSeconds(i), Map.of("i", i));
      }
      assertThat(recorder.pending()).isEqualTo(3);
      assertThat(recorder.overflowed()).isEqualTo(2);

      Thread storing = new Thread(recorder);
      storing.start();
      recorder.stop();
      storing.join(10_000);

      assertThat(storing.isAlive()).isFalse();
      assertThat(store.read(1, 10)).extracting(StoredReading::seq).containsExactly(1L, 2L, 3L);
      assertThat(new String(store.read(3, 1).get(0).json())).contains("\"i\":2");
    }
  }
}
