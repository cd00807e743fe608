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
  void endsThePageWhereAMachinesMessageWouldHoldMoreThanAllowed() {
    // 3 machines, 2 readings a message: readings 1-6 fit, reading 7 (machine 0's third) does not.
    List<List<StoredReading>> messages = Forwarder.byDevice(interleaved(12, 3), 2);

    assertThat(messages).hasSize(3);
    assertThat(messages.stream().flatMap(List::stream).map(StoredReading::id).sorted())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void oneReadingAMessageSendsEachReadingAloneInStoredOrder() {
    List<List<StoredReading>> messages = Forwarder.byDevice(interleaved(5, 5), 1);

    assertThat(messages).hasSize(5);
    assertThat(messages.stream().map(m -> ids(m).get(0))).containsExactly(1L, 2L, 3L, 4L, 5L);
  }
}
