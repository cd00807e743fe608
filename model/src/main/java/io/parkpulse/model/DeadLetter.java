package io.parkpulse.model;

/** Headers that say why a record is on {@code parkpulse.dlq.v1} and where it came from. */
public final class DeadLetter {

  /** Why the record was rejected, in words a device or integration developer can act on. */
  public static final String REASON = "parkpulse_reason";

  /** Where the rejected data came from, e.g. {@code mqtt:telemetry} or a Kafka topic name. */
  public static final String ORIGIN = "parkpulse_origin";

  /** {@code ce_type} of a dead-lettered record. */
  public static final String TYPE = "io.parkpulse.dlq.v1";

  private DeadLetter() {}
}
