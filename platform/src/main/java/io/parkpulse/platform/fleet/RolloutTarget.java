package io.parkpulse.platform.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An agent in a rollout: pending until its wave comes, sent once it took the configuration on
 * trial, then applied or failed; skipped when the rollout ended before its turn.
 */
@Entity
@Table(name = "agent_rollout_target")
@IdClass(RolloutTarget.Key.class)
public class RolloutTarget {

  static final String PENDING = "pending";
  static final String SENT = "sent";
  static final String SKIPPED = "skipped";

  @Id
  @Column(name = "rollout_id")
  public Long rolloutId;

  @Id
  @Column(name = "device_id")
  public String deviceId;

  /** 1 for the canary, 2 for the rest. */
  public int wave;

  public String state;

  /** The agent's configuration version this rollout gave it, once sent. */
  public Integer version;

  /** Why it failed, as the agent reported it, or why it was skipped. */
  public String reason;

  @Column(name = "sent_at")
  public Instant sentAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  /** The composite key. */
  public static class Key implements Serializable {
    public Long rolloutId;
    public String deviceId;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(rolloutId, k.rolloutId)
          && Objects.equals(deviceId, k.deviceId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(rolloutId, deviceId);
    }
  }
}
