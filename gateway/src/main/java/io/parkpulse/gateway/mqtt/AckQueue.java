package io.parkpulse.gateway.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Sends acknowledgements in the order the PUBLISH packets arrived, as MQTT requires, although Kafka
 * may confirm them in another order. Not thread-safe: used on the connection's event loop.
 */
final class AckQueue {

  // Made at the first message, small: many connections stay idle, most never have more than a
  // few messages waiting for Kafka.
  private Deque<Slot> slots;
  private final IntConsumer ack;
  private final IntConsumer refusal;
  private LongConsumer latency = nanos -> {};

  /** {@code ack} sends the acknowledgement (PUBACK or PUBREC) of a message id. */
  AckQueue(IntConsumer ack) {
    this(
        ack,
        id -> {
          throw new UnsupportedOperationException("no refusal for message " + id);
        });
  }

  /**
   * {@code ack} sends the acknowledgement of a message id, {@code refusal} its negative
   * acknowledgement (MQTT 5 PUBACK with a reason code).
   */
  AckQueue(IntConsumer ack, IntConsumer refusal) {
    this.ack = ack;
    this.refusal = refusal;
  }

  /**
   * Reports, for each acknowledgement sent (not refusals), the nanoseconds since its message was
   * enqueued, that is since its PUBLISH arrived.
   */
  void timed(LongConsumer latency) {
    this.latency = latency;
  }

  /** Reserves the next place in line for {@code messageId}; call {@link Slot#stored()} later. */
  Slot enqueue(int messageId) {
    Slot slot = new Slot(messageId);
    if (slots == null) {
      slots = new ArrayDeque<>(4);
    }
    slots.addLast(slot);
    return slot;
  }

  /** How many messages wait for Kafka. */
  int pending() {
    return slots == null ? 0 : slots.size();
  }

  private void drain() {
    while (!slots.isEmpty() && slots.peekFirst().stored) {
      Slot slot = slots.removeFirst();
      if (slot.refused) {
        refusal.accept(slot.messageId);
      } else {
        ack.accept(slot.messageId);
        latency.accept(System.nanoTime() - slot.enqueued);
      }
    }
  }

  /** A message's place in line. */
  final class Slot {
    private final int messageId;
    private final long enqueued = System.nanoTime();
    private boolean stored;
    private boolean refused;

    private Slot(int messageId) {
      this.messageId = messageId;
    }

    /** The message is stored: acknowledge it and every stored message behind which it waited. */
    void stored() {
      stored = true;
      drain();
    }

    /** The message is refused: answer it negatively, in its turn. */
    void refused() {
      refused = true;
      stored();
    }
  }
}
