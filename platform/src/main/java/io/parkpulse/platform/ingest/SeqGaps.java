package io.parkpulse.platform.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Tracks the seq ranges a device has not delivered. A seq above the highest seen opens a gap for
 * what was skipped; a late seq inside a gap shrinks or splits it. The first seq ever seen of a
 * device opens no gap: the platform cannot know where the device's counter started.
 */
public final class SeqGaps {

  private SeqGaps() {}

  /**
   * A missing range, both ends included.
   *
   * @param from first missing seq
   * @param to last missing seq
   */
  public record Gap(long from, long to) {
    public Gap {
      if (from > to) {
        throw new IllegalArgumentException("gap " + from + ".." + to + " is empty");
      }
    }
  }

  /**
   * The outcome for one device.
   *
   * @param maxSeq highest seq seen so far
   * @param gaps the device's open gaps, lowest first
   */
  public record Result(Long maxSeq, List<Gap> gaps) {}

  /**
   * Applies newly stored seqs of a device.
   *
   * @param maxSeq highest seq seen before, or null if none
   * @param open the gaps open before, lowest first
   * @param newSeqs seqs newly stored, ascending, no duplicates
   */
  public static Result apply(Long maxSeq, List<Gap> open, long[] newSeqs) {
    List<Gap> gaps = new ArrayList<>(open);
    Long max = maxSeq;
    for (long seq : newSeqs) {
      if (max == null || seq == max + 1) {
        max = seq;
      } else if (seq > max + 1) {
        gaps.add(new Gap(max + 1, seq - 1));
        max = seq;
      } else {
        fill(gaps, seq);
      }
    }
    return new Result(max, gaps);
  }

  private static void fill(List<Gap> gaps, long seq) {
    for (int i = 0; i < gaps.size(); i++) {
      Gap gap = gaps.get(i);
      if (seq < gap.from() || seq > gap.to()) {
        continue;
      }
      gaps.remove(i);
      if (seq < gap.to()) {
        gaps.add(i, new Gap(seq + 1, gap.to()));
      }
      if (seq > gap.from()) {
        gaps.add(i, new Gap(gap.from(), seq - 1));
      }
      return;
    }
  }
}
