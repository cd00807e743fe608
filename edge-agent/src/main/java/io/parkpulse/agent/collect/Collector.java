package io.parkpulse.agent.collect;

/**
 * Reads one machine (a Modbus device, an OPC UA server, a simulator) and hands what it reads to a
 * {@link ReadingSink}. A collector survives its machine going away: it reports itself unhealthy and
 * reconnects, and never throws out of its threads.
 */
public interface Collector extends AutoCloseable {

  /** Starts collecting on the collector's own threads. */
  void start(ReadingSink sink);

  /** How it is doing, for {@code status.json} and the status command. */
  Health health();

  /**
   * Connects and reads every point once, synchronously, without starting: what {@code
   * parkpulse-agent check} runs to tell the technician whether the machine answers.
   *
   * @return ok with a summary of the values read, or not ok saying what failed and what to check
   */
  Health probe();

  /**
   * Writes {@code value} to the machine's point {@code point} (a configured point of this machine),
   * for the {@code write} command; the agent has already checked it against the allow-list and
   * bounds. Numbers are converted to the point's data type (scale and offset reversed for Modbus).
   *
   * @throws IllegalArgumentException if the configuration says the point cannot take it (unknown
   *     point, a read-only Modbus area, a value that does not fit its type), saying why
   * @throws java.io.IOException if the machine did not take it (unreachable, refused, or a node the
   *     OPC UA server says is not writable), saying why
   */
  default void write(String point, Object value) throws java.io.IOException {
    throw new IllegalArgumentException("this machine's points cannot be written");
  }

  /** Stops collecting and releases connections; it is not started again. */
  @Override
  void close();

  /**
   * A collector's health.
   *
   * @param ok whether the last attempt to read succeeded
   * @param detail what the last failure was, or a short summary when ok
   * @param readings readings handed to the sink since start
   * @param failures failed read attempts since start
   */
  record Health(boolean ok, String detail, long readings, long failures) {}
}
