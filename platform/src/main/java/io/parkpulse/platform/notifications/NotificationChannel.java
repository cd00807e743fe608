package io.parkpulse.platform.notifications;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Where a park's (no enterprise: its operator's) or an enterprise's alarms are told: a webhook, a
 * WeCom or DingTalk group robot, or e-mail addresses; with the least severity it hears of, its
 * language, its contact level and its rate.
 */
@Entity
@Table(name = "notification_channel")
public class NotificationChannel {
  @Id public String id;

  @Column(name = "park_id")
  public String parkId;

  /** Null for a park's channel. */
  @Column(name = "enterprise_id")
  public String enterpriseId;

  public String name;

  /** webhook, wecom, dingtalk or email. */
  public String kind;

  /** The URL, or for e-mail the comma-separated addresses. */
  public String target;

  /** Never shown: the API says only whether one is set. */
  public String secret;

  @Column(name = "min_severity")
  public String minSeverity;

  public String language;

  /** 1: told when an alarm opens; 2 and up: when it is still unacknowledged after a delay. */
  public int level;

  @Column(name = "per_minute")
  public int perMinute;

  public boolean enabled;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
