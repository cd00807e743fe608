package io.parkpulse.agent.collect.serial;

import java.io.IOException;

/**
 * One exchange with one device on an open serial line: requests written, answers read. It runs on
 * the bus's thread, alone on the line.
 *
 * <p>How it fails tells the bus what happened: a {@link RefusedException} when the device answered
 * with an error (it is there, so it is not isolated), any other {@link IOException} when it did not
 * answer or answered garbage (a wrong length, a bad checksum).
 *
 * @param <T> what the exchange gives: a reading's metrics for a poll, nothing for a write
 */
@FunctionalInterface
public interface Exchange<T> {

  /** Talks to the device over {@code link}; the bus has discarded whatever was waiting on it. */
  T over(SerialLink link) throws IOException;
}
