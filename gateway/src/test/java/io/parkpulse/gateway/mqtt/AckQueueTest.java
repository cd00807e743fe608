package io.parkpulse.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckQueueTest {

  private final List<Integer> sent = new ArrayList<>();
  private final AckQueue queue = new AckQueue(sent::add);

  @Test
  void acknowledgesInArrivalOrderWhenKafkaConfirmsOutOfOrder() {
    AckQueue.Slot first = queue.enqueue(1);
    AckQueue.Slot second = queue.enqueue(2);
    AckQueue.Slot third = queue.enqueue(3);

    third.stored();
    second.stored();
    assertThat(sent).isEmpty();
    assertThat(queue.pending()).isEqualTo(3);

    first.stored();
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(queue.pending()).isZero();
  }

  @Test
  void neverAcknowledgesAMessageThatWasNotStored() {
    queue.enqueue(7);
    AckQueue.Slot later = queue.enqueue(8);

    later.stored();

    assertThat(sent).isEmpty();
  }

  @Test
  void answersARefusedMessageNegativelyInItsTurn() {
    List<String> answers = new ArrayList<>();
    AckQueue acks = new AckQueue(id -> answers.add("ack " + id), id -> answers.add("refuse " + id));
    AckQueue.Slot stored = acks.enqueue(1);
    acks.enqueue(2).refused();

    assertThat(answers).isEmpty();
    stored.stored();

    assertThat(answers).containsExactly("ack 1", "refuse 2");
  }
}
