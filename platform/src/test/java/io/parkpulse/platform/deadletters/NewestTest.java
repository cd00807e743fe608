package io.parkpulse.platform.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NewestTest {

  @Test
  void keepsOnlyTheNewestItemsNewestFirst() {
    DeadLetterReader.Newest<String> newest = new DeadLetterReader.Newest<>(3);
    long[] times = {50, 10, 70, 30, 90, 20, 60};
    for (long time : times) {
      newest.offer(time, "at-" + time);
    }

    assertThat(newest.list()).containsExactly("at-90", "at-70", "at-60");
  }

  @Test
  void ofItemsOfTheSameTimeTheLaterOfferedIsTheNewer() {
    DeadLetterReader.Newest<String> newest = new DeadLetterReader.Newest<>(2);
    newest.offer(5, "first");
    newest.offer(5, "second");
    newest.offer(5, "third");

    assertThat(newest.list()).containsExactly("third", "second");
  }
}
