package io.parkpulse.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a per-park Kafka topic, {@code {prefix}.{park}.{kind}.v1}. Every topic name in
 * ParkPulse is built and parsed here; none is concatenated at a call site.
 *
 * @param prefix the deployment's topic prefix, {@value #DEFAULT_PREFIX} by default
 * @param park the park id (slug)
 * @param kind what the topic carries
 */
public record ParkTopic(String prefix, String park, Kind kind) {

  /** The topic prefix unless a deployment configures another. */
  public static final String DEFAULT_PREFIX = "parkpulse";

  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** What a per-park topic carries; {@link #segment()} is its name in the topic. */
  public enum Kind {
    TELEMETRY("telemetry"),
    EVENTS("events"),
    COMMANDS("commands"),
    COMMAND_RESPONSES("command-responses"),
    MATURITY("maturity"),
    ALARMS("alarms"),
    ENERGY("energy");

    private final String segment;

    Kind(String segment) {
      this.segment = segment;
    }

    /** The kind's segment in the topic name, e.g. {@code command-responses}. */
    public String segment() {
      return segment;
    }
  }

  public ParkTopic {
    requirePrefix(prefix);
    Ids.require(park, "park");
    if (kind == null) {
      throw new IllegalArgumentException("topic kind is required");
    }
  }

  /** The telemetry topic of {@code park} under the default prefix. */
  public static ParkTopic telemetry(String park) {
    return new ParkTopic(DEFAULT_PREFIX, park, Kind.TELEMETRY);
  }

  /** The topic name, e.g. {@code parkpulse.north-park.telemetry.v1}. */
  public String name() {
    return prefix + "." + park + "." + kind.segment() + ".v1";
  }

  @Override
  public String toString() {
    return name();
  }

  /** Parses a topic name back, or returns empty if it is not a per-park topic of {@code prefix}. */
  public static Optional<ParkTopic> parse(String prefix, String topic) {
    if (topic == null || !topic.startsWith(prefix + ".") || !topic.endsWith(".v1")) {
      return Optional.empty();
    }
    String middle = topic.substring(prefix.length() + 1, topic.length() - ".v1".length());
    int dot = middle.indexOf('.');
    if (dot < 0 || dot != middle.lastIndexOf('.')) {
      return Optional.empty();
    }
    String park = middle.substring(0, dot);
    String segment = middle.substring(dot + 1);
    return Arrays.stream(Kind.values())
        .filter(k -> k.segment().equals(segment))
        .findFirst()
        .filter(k -> Ids.isValid(park))
        .map(k -> new ParkTopic(prefix, park, k));
  }

  /**
   * A regular expression that matches the {@code kind} topics of every park under {@code prefix}.
   */
  public static Pattern patternFor(String prefix, Kind kind) {
    requirePrefix(prefix);
    return Pattern.compile(
        Pattern.quote(prefix + ".")
            + Ids.SLUG.pattern()
            + Pattern.quote("." + kind.segment() + ".v1"));
  }

  /** The compacted device registry topic that the platform writes and gateways follow. */
  public static String registry(String prefix) {
    return requirePrefix(prefix) + ".registry.v1";
  }

  /** The dead-letter topic for rejected records; the reason is in the record's headers. */
  public static String deadLetter(String prefix) {
    return requirePrefix(prefix) + ".dlq.v1";
  }

  private static String requirePrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "topic prefix '" + prefix + "' is not valid: expected " + PREFIX.pattern());
    }
    return prefix;
  }
}
