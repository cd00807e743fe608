package io.parkpulse.platform.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One managed configuration sent to a set of an enterprise's agents: the canary wave first, then
 * the rest; it stops at the first agent that rolls it back or does not take it.
 */
@Entity
@Table(name = "agent_rollout")
public class Rollout {

  static final String RUNNING = "running";
  static final String CANCELLED = "cancelled";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "park_id")
  public String parkId;

  @Column(name = "enterprise_id")
  public String enterpriseId;

  /** The managed configuration (buses, machines, commands); it holds no secret. */
  public String body;

  /** Lowercase hex SHA-256 of the body, as agents report it. */
  public String hash;

  @Column(name = "canary_percent")
  public int canaryPercent;

  @Column(name = "trial_seconds")
  public int trialSeconds;

  public String comment;

  /** running, done, stopped (an agent failed) or cancelled. */
  public String state;

  @Column(name = "stop_reason")
  public String stopReason;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at", updatable = false)
  public Instant createdAt;

  @Column(name = "finished_at")
  public Instant finishedAt;
}
