package io.parkpulse.agent.remote;

import java.time.Instant;

/**
 * Where the agent stands with its managed configurations: the one applied, the one applied before
 * it, the one on trial and how the last {@code configure} ended. Each part is null when there is
 * none.
 *
 * @param applied the managed configuration in force, or null when agent.yaml's machines run
 * @param previous the one applied before {@code applied}, or null
 * @param trial the one on trial, or null when no trial runs
 * @param last how the last {@code configure} ended, or null if none was ever received
 */
public record ManagedState(Version applied, Version previous, Trial trial, Outcome last) {

  /** No managed configuration, no trial, no outcome. */
  public static final ManagedState NONE = new ManagedState(null, null, null, null);

  /** The version in force: 0 when agent.yaml's machines run. */
  public int appliedVersion() {
    return applied == null ? 0 : applied.version();
  }

  /**
   * A managed configuration's version and the SHA-256 of its text.
   *
   * @param version 1 or more
   * @param hash lowercase hex SHA-256 of the document's UTF-8 bytes
   */
  public record Version(int version, String hash) {}

  /**
   * A trial under way.
   *
   * @param version the configuration tried
   * @param startedAt when it began
   * @param seconds how long its new and changed machines have to take a healthy reading
   */
  public record Trial(Version version, Instant startedAt, int seconds) {}

  /**
   * How a {@code configure} ended.
   *
   * @param version the version it carried
   * @param outcome {@code applied}, {@code rolled-back} or {@code rejected}
   * @param reason why it was rolled back or rejected; empty when applied
   * @param at when
   */
  public record Outcome(int version, String outcome, String reason, Instant at) {

    public static final String APPLIED = "applied";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String REJECTED = "rejected";
  }
}
