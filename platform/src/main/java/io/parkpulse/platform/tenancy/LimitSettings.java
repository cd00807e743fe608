package io.parkpulse.platform.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Limits as a park or an enterprise sets them: each null when not set (the next level's value
 * applies), {@code 0} for no limit. Hibernate gives a park or enterprise without any a null {@code
 * limits}; {@link #of} reads that as all unset.
 */
@Embeddable
public class LimitSettings {

  @Column(name = "limit_max_connections")
  public Integer maxConnections;

  @Column(name = "limit_device_messages_per_second")
  public Integer deviceMessagesPerSecond;

  @Column(name = "limit_enterprise_messages_per_second")
  public Integer enterpriseMessagesPerSecond;

  @Column(name = "limit_device_bytes_per_day")
  public Long deviceBytesPerDay;

  @Column(name = "limit_enterprise_bytes_per_day")
  public Long enterpriseBytesPerDay;

  /** The settings as the API shows them; all null for {@code null}. */
  public static Limits of(LimitSettings settings) {
    if (settings == null) {
      return Limits.UNSET;
    }
    return new Limits(
        settings.maxConnections,
        settings.deviceMessagesPerSecond,
        settings.enterpriseMessagesPerSecond,
        settings.deviceBytesPerDay,
        settings.enterpriseBytesPerDay);
  }

  /** Settings holding {@code limits}. */
  public static LimitSettings from(Limits limits) {
    LimitSettings settings = new LimitSettings();
    settings.maxConnections = limits.maxConnections();
    settings.deviceMessagesPerSecond = limits.deviceMessagesPerSecond();
    settings.enterpriseMessagesPerSecond = limits.enterpriseMessagesPerSecond();
    settings.deviceBytesPerDay = limits.deviceBytesPerDay();
    settings.enterpriseBytesPerDay = limits.enterpriseBytesPerDay();
    return settings;
  }
}
