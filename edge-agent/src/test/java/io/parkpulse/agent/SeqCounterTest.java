package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqCounterTest {

  @TempDir Path dir;

  @Test
  void neverRepeatsANumberAcrossRestarts() {
    Path file = dir.resolve("press.seq");
    SeqCounter first = new SeqCounter(file);
    long last = 0;
    for (int i = 0; i < 1500; i++) {
      long n = first.next();
      assertThat(n).isGreaterThan(last);
      last = n;
    }

    SeqCounter afterRestart = new SeqCounter(file);

    assertThat(afterRestart.next()).isGreaterThan(last);
  }

  @Test
  void startsAtOneOnAFreshDevice() {
    assertThat(new SeqCounter(dir.resolve("new.seq")).next()).isEqualTo(1);
  }
}
