package io.parkpulse.gateway.limits;

/** A limit of the registry entry, as the {@code reason} tag of the limit meters names it. */
public enum Limit {
  CONNECTIONS("connections"),
  DEVICE_RATE("device-rate"),
  ENTERPRISE_RATE("enterprise-rate"),
  DEVICE_BYTES("device-bytes"),
  ENTERPRISE_BYTES("enterprise-bytes");

  private final String tag;

  Limit(String tag) {
    this.tag = tag;
  }

  /** The tag value. */
  public String tag() {
    return tag;
  }

  /** Whether it is a message rate (as opposed to a daily quota or connections). */
  public boolean isRate() {
    return this == DEVICE_RATE || this == ENTERPRISE_RATE;
  }
}
