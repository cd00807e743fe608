package io.parkpulse.gateway.sparkplug;

import java.util.Locale;

/**
 * A Sparkplug B topic an edge node publishes on: {@code spBv1.0/{group}/{type}/{edge-node}} for the
 * node's own messages ({@code NBIRTH}, {@code NDATA}, {@code NDEATH}) and {@code
 * spBv1.0/{group}/{type}/{edge-node}/{device}} for those of a device behind it ({@code DBIRTH},
 * {@code DDATA}, {@code DDEATH}). The ids are as the topic gives them; whether the publisher may
 * use them is the authorizer's business.
 *
 * @param group the Sparkplug group id (in ParkPulse: the enterprise)
 * @param type the message type
 * @param edgeNode the edge node id (in ParkPulse: the connected device)
 * @param device the device id for the {@code D*} types, null for the {@code N*} ones
 */
public record SparkplugTopic(String group, MessageType type, String edgeNode, String device) {

  /** The first level of every Sparkplug B topic. */
  public static final String NAMESPACE = "spBv1.0";

  /** The message types an edge node publishes. */
  public enum MessageType {
    NBIRTH,
    NDATA,
    NDEATH,
    DBIRTH,
    DDATA,
    DDEATH;

    /** Whether the message is about a device behind the edge node rather than the node. */
    public boolean ofDevice() {
      return this == DBIRTH || this == DDATA || this == DDEATH;
    }

    /** The metric tag value: the type in lower case. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether {@code topic} is in the Sparkplug B namespace, well formed or not. */
  public static boolean isSparkplug(String topic) {
    return topic.startsWith(NAMESPACE + "/");
  }

  /**
   * Parses a topic an edge node publishes on.
   *
   * @return null if it is not one: another namespace, an unknown or host-only type (such as {@code
   *     NCMD}), a missing or extra level, or an empty id
   */
  public static SparkplugTopic parse(String topic) {
    if (!isSparkplug(topic)) {
      return null;
    }
    String[] parts = topic.split("/", -1);
    if (parts.length < 4 || parts.length > 5) {
      return null;
    }
    MessageType type;
    try {
      type = MessageType.valueOf(parts[2]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int levels = type.ofDevice() ? 5 : 4;
    if (parts.length != levels) {
      return null;
    }
    for (int i = 1; i < levels; i++) {
      if (parts[i].isEmpty()) {
        return null;
      }
    }
    return new SparkplugTopic(parts[1], type, parts[3], type.ofDevice() ? parts[4] : null);
  }

  /** The topic a host publishes node commands on, {@code spBv1.0/{group}/NCMD/{edge-node}}. */
  public static String nodeCommands(String group, String edgeNode) {
    return NAMESPACE + "/" + group + "/NCMD/" + edgeNode;
  }

  /** The prefix of the device command topics of a node, {@code spBv1.0/{group}/DCMD/{node}/}. */
  public static String deviceCommandsPrefix(String group, String edgeNode) {
    return NAMESPACE + "/" + group + "/DCMD/" + edgeNode + "/";
  }
}
