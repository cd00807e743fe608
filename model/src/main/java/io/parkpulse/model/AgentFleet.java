package io.parkpulse.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the edge agent and the platform agree on for fleet management: the {@value #CONFIGURE}
 * command that sends a managed configuration, the hash both give one, and the {@value
 * #STATUS_EVENT} device event in which the agent reports what it runs (docs/edge-agent.md, Fleet).
 */
public final class AgentFleet {

  /**
   * The command that sends a managed configuration: {@code {"version", "config", "trialSeconds"}}.
   */
  public static final String CONFIGURE = "configure";

  /** The device event in which an agent reports its software, configuration and machines. */
  public static final String STATUS_EVENT = "agent.status";

  /** Attributes of {@value #STATUS_EVENT}. */
  public static final String AGENT_VERSION = "agentVersion";

  public static final String CONFIG_VERSION = "configVersion";
  public static final String CONFIG_HASH = "configHash";
  public static final String CONFIG_STATE = "configState";
  public static final String TRIAL_VERSION = "trialVersion";
  public static final String LAST_VERSION = "lastVersion";
  public static final String LAST_OUTCOME = "lastOutcome";
  public static final String LAST_REASON = "lastReason";
  public static final String LAST_AT = "lastAt";
  public static final String MACHINES = "machines";
  public static final String MACHINES_OK = "machinesOk";
  public static final String FAILING = "failing";
  public static final String STORED_UNSENT = "storedUnsent";
  public static final String DROPPED = "dropped";

  private AgentFleet() {}

  /** A configuration's hash: lowercase hex SHA-256 of its text's UTF-8 bytes. */
  public static String hash(String text) {
    return hash(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Lowercase hex SHA-256 of {@code bytes}. */
  public static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
