package io.parkpulse.agent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.agent.store.ReadingStore.Entry;
import io.parkpulse.agent.store.ReadingStore.Overflow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingStoreTest {

  @TempDir Path dir;

  @Test
  void keepsWhatWasNotConfirmedAcrossARestartInOrder() throws Exception {
    try (ReadingStore store = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST)) {
      assertThat(store.append(entries("acme/press", 1, 10))).isEqualTo(10);
      assertThat(store.append(entries("acme/oven", 1, 5))).isEqualTo(5);
      List<StoredReading> first = store.read(1, 4);
      assertThat(first).extracting(StoredReading::seq).containsExactly(1L, 2L, 3L, 4L);
      store.confirm(first.get(3).id());
      assertThat(store.depth()).isEqualTo(11);
    }
    try (ReadingStore store = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST)) {
      List<StoredReading> rest = store.read(1, 100);
      assertThat(rest).hasSize(11);
      assertThat(rest.get(0).seq()).isEqualTo(5);
      assertThat(rest.get(0).device()).isEqualTo("acme/press");
      assertThat(new String(rest.get(0).json(), UTF_8)).isEqualTo(json(5));
      assertThat(rest.get(10).device()).isEqualTo("acme/oven");
      assertThat(store.lastSeq("acme/press")).isEqualTo(10);
      assertThat(store.lastSeq("acme/oven")).isEqualTo(5);
      assertThat(store.lastSeq("acme/unknown")).isZero();
    }
  }

  @Test
  void aCrashRightAfterAConfirmationSendsNothingConfirmedAgain() throws Exception {
    ReadingStore crashed = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST);
    crashed.append(entries("acme/press", 1, 30));
    crashed.confirm(10);
    crashed.confirm(25); // within the second: only the journal has it
    // No close: the process dies here.

    try (ReadingStore store = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST)) {
      assertThat(store.confirmed()).isEqualTo(25);
      assertThat(store.read(1, 100)).extracting(StoredReading::seq).startsWith(26L).hasSize(5);
    }
  }

  @Test
  void cutsOffAReadingTornByAPowerLossAndKeepsTheOthers() throws Exception {
    try (ReadingStore store = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST)) {
      store.append(entries("acme/press", 1, 20));
    }
    Path segment = segments().get(0);
    long size = Files.size(segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(size - 7); // the last reading half written
    }

    try (ReadingStore store = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST)) {
      assertThat(store.read(1, 100)).extracting(StoredReading::seq).hasSize(19).endsWith(19L);
      store.append(entries("acme/press", 20, 1));
      assertThat(store.read(1, 100)).extracting(StoredReading::seq).hasSize(20).endsWith(20L);
    }
  }

  @Test
  void dropsTheOldestWhenFullCountsEveryDropAndKeepsTheSequence() throws Exception {
    long stored = 0;
    try (ReadingStore store = ReadingStore.open(dir, 32 * 1024, Overflow.DROP_OLDEST)) {
      for (int batch = 0; batch < 50; batch++) {
        stored += store.append(entries("acme/press", batch * 20L + 1, 20));
      }
      assertThat(stored).isEqualTo(1000);
      assertThat(store.bytes()).isLessThanOrEqualTo(32 * 1024);
      assertThat(store.dropped()).isPositive();
      assertThat(store.dropped() + store.depth()).isEqualTo(1000);
      List<StoredReading> left = store.read(1, 2000);
      assertThat(left).hasSize((int) store.depth());
      assertThat(left.get(0).seq()).isEqualTo(store.dropped() + 1);
      assertThat(left.get(left.size() - 1).seq()).isEqualTo(1000);
    }
    try (ReadingStore store = ReadingStore.open(dir, 32 * 1024, Overflow.DROP_OLDEST)) {
      assertThat(store.dropped() + store.depth()).isEqualTo(1000);
      assertThat(store.lastSeq("acme/press")).isEqualTo(1000);
    }
  }

  @Test
  void refusesNewReadingsWhenFullUnderDropNewest() throws Exception {
    try (ReadingStore store = ReadingStore.open(dir, 32 * 1024, Overflow.DROP_NEWEST)) {
      int stored = 0;
      for (int batch = 0; batch < 50; batch++) {
        stored += store.append(entries("acme/press", batch * 20L + 1, 20));
      }
      assertThat(stored).isLessThan(1000);
      assertThat(store.dropped()).isEqualTo(1000 - stored);
      assertThat(store.read(1, 2000).get(0).seq()).isEqualTo(1);
      // Once the gateway confirmed the stored ones, there is room again.
      store.confirm(store.read(1, 2000).get(stored - 1).id());
      assertThat(store.append(entries("acme/press", 1001, 20))).isEqualTo(20);
    }
  }

  @Test
  void deletesSegmentsOnceEverythingInThemIsConfirmedAndRemembersThePosition() throws Exception {
    try (ReadingStore store = ReadingStore.open(dir, 32 * 1024, Overflow.DROP_OLDEST)) {
      for (int batch = 0; batch < 10; batch++) {
        store.append(entries("acme/press", batch * 20L + 1, 20));
      }
      assertThat(segments()).hasSizeGreaterThan(2);
      List<StoredReading> all = new ArrayList<>();
      for (List<StoredReading> page = store.read(1, 30);
          !page.isEmpty();
          page = store.read(page.get(page.size() - 1).id() + 1, 30)) {
        all.addAll(page);
      }
      assertThat(all).extracting(StoredReading::seq).hasSize(200).doesNotHaveDuplicates();
      store.confirm(all.get(189).id());
      assertThat(segments()).hasSize(1);
      assertThat(store.depth()).isEqualTo(10);
    }
    try (ReadingStore store = ReadingStore.open(dir, 32 * 1024, Overflow.DROP_OLDEST)) {
      assertThat(store.dropped()).isZero();
      assertThat(store.read(1, 100)).extracting(StoredReading::seq).startsWith(191L).hasSize(10);
      assertThat(store.lastSeq("acme/press")).isEqualTo(200);
    }
  }

  @Test
  void readsFromAnyReadingOnBeforeAndAfterARestartAcrossEveryBufferAndMark() throws Exception {
    // 3,000 readings (about 260 KB): pages cross the 64 KiB read buffer and the marks kept every
    // 256 readings; one reading of 100 KB is larger than the buffer.
    List<Entry> written = new ArrayList<>(entries("acme/press", 1, 1_500));
    written.add(
        new Entry("acme/press", 1_501, ("\"" + "x".repeat(100_000) + "\"").getBytes(UTF_8)));
    written.addAll(entries("acme/press", 1_502, 1_499));
    try (ReadingStore store = ReadingStore.open(dir, 64 << 20, Overflow.DROP_OLDEST)) {
      store.append(written.subList(0, 1_000));
      store.append(written.subList(1_000, written.size()));
      assertReadsEveryStart(store, written);
    }
    try (ReadingStore store = ReadingStore.open(dir, 64 << 20, Overflow.DROP_OLDEST)) {
      assertReadsEveryStart(store, written);
    }
  }

  private static void assertReadsEveryStart(ReadingStore store, List<Entry> written)
      throws IOException {
    // Forwards, backwards (as after a reconnect) and from every kind of place.
    long[] starts = {1, 255, 256, 257, 513, 1_499, 1_501, 1_502, 2_999, 3_000, 300, 2, 1_000};
    for (long start : starts) {
      for (int max : new int[] {1, 7, 700, 5_000}) {
        List<StoredReading> page = store.read(start, max);
        int expected = (int) Math.min(max, written.size() - start + 1);
        assertThat(page).as("from %d, at most %d", start, max).hasSize(expected);
        for (int i = 0; i < page.size(); i++) {
          Entry entry = written.get((int) start - 1 + i);
          assertThat(page.get(i).id()).isEqualTo(start + i);
          assertThat(page.get(i).seq()).isEqualTo(entry.seq());
          assertThat(page.get(i).json()).isEqualTo(entry.json());
        }
      }
    }
    assertThat(store.read(3_001, 10)).isEmpty();
  }

  @Test
  void aReadingDamagedInTheMiddleOfASegmentFailsTheReadThatReachesIt() throws Exception {
    try (ReadingStore store = ReadingStore.open(dir, 1 << 20, Overflow.DROP_OLDEST)) {
      store.append(entries("acme/press", 1, 10));
      long eleventh = Files.size(segments().get(0));
      store.append(entries("acme/press", 11, 10));
      try (FileChannel channel = FileChannel.open(segments().get(0), StandardOpenOption.WRITE)) {
        // A byte of the 11th reading's JSON changed on the disk.
        channel.write(ByteBuffer.wrap(new byte[] {'#'}), eleventh + 40);
      }

      assertThat(store.read(1, 10)).hasSize(10);
      assertThatThrownBy(() -> store.read(1, 20))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("damaged at reading 11");
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  private static List<Entry> entries(String device, long firstSeq, int count) {
    List<Entry> entries = new ArrayList<>();
    for (long seq = firstSeq; seq < firstSeq + count; seq++) {
      entries.add(new Entry(device, seq, json(seq).getBytes(UTF_8)));
    }
    return entries;
  }

  private static String json(long seq) {
    return "{\"seq\":" + seq + ",\"ts\":\"2026-11-29T03:00:00Z\",\"metrics\":{\"power_kw\":3.5}}";
  }
}
