package io.parkpulse.gateway.kafka;

import io.parkpulse.model.ParkTopic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The name of one kind of per-park topic for each park, built once per park, not per message. */
public final class ParkTopicNames {

  private final String prefix;
  private final ParkTopic.Kind kind;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  public ParkTopicNames(String prefix, ParkTopic.Kind kind) {
    this.prefix = prefix;
    this.kind = kind;
  }

  /** The topic of {@code park}, e.g. {@code parkpulse.north.telemetry.v1}. */
  public String of(String park) {
    return names.computeIfAbsent(park, p -> new ParkTopic(prefix, p, kind).name());
  }
}
