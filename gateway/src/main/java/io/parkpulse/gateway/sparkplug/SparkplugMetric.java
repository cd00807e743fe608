package io.parkpulse.gateway.sparkplug;

/**
 * One {@code Metric} of a Sparkplug B payload, its value as it came off the wire: which value field
 * was set decides the Java type of {@code raw}, and only the datatype (from the metric or from its
 * BIRTH) says what it means ({@link SparkplugValues}).
 *
 * @param name the metric's name, or null (DATA messages usually send the alias alone)
 * @param alias the alias defined in the BIRTH, or null
 * @param timestamp milliseconds since the epoch when the value was taken, or null
 * @param datatype the Sparkplug datatype number, or null if the metric does not say
 * @param isNull whether the metric says its value is null
 * @param raw the value field: {@link Integer} ({@code int_value}, the 32 bits of an unsigned
 *     varint), {@link Long} ({@code long_value}, 64 bits), {@link Float}, {@link Double}, {@link
 *     Boolean}, {@link String}, an {@link Unmapped} kind for the fields the gateway does not map,
 *     or null if none was set
 * @param hasProperties whether the metric carried a property set (not mapped)
 * @param hasMetadata whether the metric carried metadata (not mapped)
 */
public record SparkplugMetric(
    String name,
    Long alias,
    Long timestamp,
    Integer datatype,
    boolean isNull,
    Object raw,
    boolean hasProperties,
    boolean hasMetadata) {

  /** Value fields that carry no single number, string or boolean. */
  public enum Unmapped {
    BYTES,
    DATASET,
    TEMPLATE,
    EXTENSION;

    /** The skip reason: the kind in lower case. */
    public String reason() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
