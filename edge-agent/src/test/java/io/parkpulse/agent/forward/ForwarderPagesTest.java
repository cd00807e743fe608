package io.parkpulse.agent.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.agent.store.StoredReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwarderPagesTest {

  private static List<StoredReading> interleaved(int readings, int devices) {
    List<StoredReading> page = new ArrayList<>();
    for (int i = 0; i < readings; i++) {
      page.add(new StoredReading(i + 1, "acme/m-" + (i % devices), i / devices + 1, new byte[0]));
    }
    return page;
  }

  private static List<Long> ids(List<StoredReading> message) {
    return message.stream().map(StoredReading::id).toList();
  }

  @Test
  void sendsTheInterleavedReadingsOfMachinesAsOneMessagePerMachine() {
    List<List<StoredReading>> messages = Forwarder.byDevice(interleaved(12, 3), 100);

    assertThat(messages).hasSize(3);
    assertThat(ids(messages.get(0))).containsExactly(1L, 4L, 7L, 10L);
    assertThat(ids(messages.get(1))).containsExactly(2L, 5L, 8L, 11L);
    assertThat(ids(messages.get(2))).containsExactly(3L, 6L, 9L, 12L);
  }

  @Test
  void splitsAMachinesReadingsIntoMessagesOfAtMostTheAllowedAndSendsTheWholePage() {
    // 3 machines, 4 readings each, 3 readings a message: each machine's fourth starts a message.
    List<List<StoredReading>> messages = Forwarder.byDevice(interleaved(12, 3), 3);

    assertThat(messages).hasSize(6);
    assertThat(ids(messages.get(0))).containsExactly(1L, 4L, 7L);
    assertThat(ids(messages.get(1))).containsExactly(2L, 5L, 8L);
    assertThat(ids(messages.get(2))).containsExactly(3L, 6L, 9L);
    assertThat(ids(messages.get(3))).containsExactly(10L);
    assertThat(ids(messages.get(4))).containsExactly(11L);
    assertThat(ids(messages.get(5))).containsExactly(12L);
  }

  @Test
  void theWindowCountsReadingsSoThatManyMachinesSmallMessagesFillItAsFullMessagesDo() {
    // 50 machines share a page of 2,000 readings: messages of 40. With 128 messages allowed, the
    // readings bound the window: it takes the page's 50 messages and no more.
    int sent = 0;
    int readings = 0;
    while (Forwarder.fits(sent, readings, 40, 128, 2000)) {
      sent++;
      readings += 40;
    }
    assertThat(sent).isEqualTo(50);
    assertThat(readings).isEqualTo(2000);
    // One reading a message: the messages bound it.
    assertThat(Forwarder.fits(127, 127, 1, 128, 128)).isTrue();
    assertThat(Forwarder.fits(128, 100, 1, 128, 2000)).isFalse();
    // A message larger than the window goes alone, and nothing goes beside it.
    assertThat(Forwarder.fits(0, 0, 5000, 128, 2000)).isTrue();
    assertThat(Forwarder.fits(1, 5000, 1, 128, 2000)).isFalse();
  }

  @Test
  void oneReadingAMessageSendsEveryReadingOfThePageAloneInStoredOrder() {
    // 5 machines, 3 readings each: a machine's second reading does not end the page.
    List<List<StoredReading>> messages = Forwarder.byDevice(interleaved(15, 5), 1);

    assertThat(messages).hasSize(15);
    assertThat(messages.stream().map(m -> ids(m).get(0)))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
  }
}
