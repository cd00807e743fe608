package io.parkpulse.platform.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.ZoneId;
import org.hibernate.annotations.ColumnTransformer;

/** An industrial park: the tenant a park operator runs. */
@Entity
@Table(name = "park")
public class Park {
  @Id public String id;
  public String name;
  public String timezone;

  @Column(name = "retention_days")
  public int retentionDays;

  /** Recent days kept a row per reading; older closed days are compacted into hour blocks. */
  @Column(name = "hot_days")
  public int hotDays;

  @Column(name = "max_devices")
  public int maxDevices;

  @Column(name = "max_messages_per_second")
  public int maxMessagesPerSecond;

  /** JSON array of shifts, see {@code Shift} of the parks API. */
  @Column(name = "shift_calendar")
  @ColumnTransformer(read = "shift_calendar::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String shiftCalendar;

  /** Default limits of the park's enterprises; null or unset fields: the platform's defaults. */
  @Embedded public LimitSettings limits;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Version public int version;

  /**
   * The park's time zone, its days' and months' boundaries; Asia/Shanghai where it is not valid.
   */
  public ZoneId zone() {
    return zone(timezone);
  }

  /** The time zone {@code id} names, or Asia/Shanghai where it is not a valid one. */
  public static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return ZoneId.of("Asia/Shanghai");
    }
  }
}
