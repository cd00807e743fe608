package io.parkpulse.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.ingest.SeqGaps.Gap;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeqGapsTest {

  @Test
  void opensNoGapForTheFirstSeqEverSeen() {
    SeqGaps.Result result = SeqGaps.apply(null, List.of(), new long[] {5000, 5001});
    assertThat(result.maxSeq()).isEqualTo(5001L);
    assertThat(result.gaps()).isEmpty();
  }

  @Test
  void opensAGapForSkippedSeqs() {
    SeqGaps.Result result = SeqGaps.apply(10L, List.of(), new long[] {11, 15, 16, 20});
    assertThat(result.maxSeq()).isEqualTo(20L);
    assertThat(result.gaps()).containsExactly(new Gap(12, 14), new Gap(17, 19));
  }

  @Test
  void lateSeqsShrinkAndSplitTheirGap() {
    List<Gap> open = List.of(new Gap(12, 14), new Gap(17, 19));
    SeqGaps.Result result = SeqGaps.apply(20L, open, new long[] {12, 18, 19});
    assertThat(result.maxSeq()).isEqualTo(20L);
    assertThat(result.gaps()).containsExactly(new Gap(13, 14), new Gap(17, 17));

    SeqGaps.Result closed = SeqGaps.apply(20L, result.gaps(), new long[] {13, 14, 17});
    assertThat(closed.gaps()).isEmpty();
  }

  @Test
  void aLateSeqInTheMiddleSplitsTheGapInTwo() {
    SeqGaps.Result result = SeqGaps.apply(100L, List.of(new Gap(10, 90)), new long[] {50, 101});
    assertThat(result.gaps()).containsExactly(new Gap(10, 49), new Gap(51, 90));
    assertThat(result.maxSeq()).isEqualTo(101L);
  }
}
