package io.parkpulse.gateway.sparkplug;

import io.parkpulse.model.RegistryEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one MQTT connection of an edge node has told the gateway in Sparkplug B: the metrics and
 * aliases of the node's latest NBIRTH and of each device's latest DBIRTH, the readings numbered
 * since each BIRTH, and the node's message sequence. It lives as long as the connection: a new
 * connection starts with nothing, and the node must be born again. Not thread-safe: a connection's
 * messages are handled one after the other on its event loop.
 */
public final class SparkplugSession {

  /** Asks the edge node of this connection for its BIRTH messages again. */
  @FunctionalInterface
  public interface RebirthChannel {
    /**
     * Publishes {@code payload} to the node on {@code topic}.
     *
     * @return false if the node has not subscribed to it, and so cannot receive it
     */
    boolean publish(String topic, byte[] payload);
  }

  /** A metric as a BIRTH defined it: its Sparkplug name and datatype. */
  record Definition(String name, int datatype) {}

  /**
   * The BIRTH of the edge node or of one device: its metric definitions, by alias and by name, and
   * the number of its next reading.
   */
  static final class Birth {
    private final RegistryEntry entry;
    private final Map<Long, Definition> byAlias = new HashMap<>();
    private final Map<String, Integer> datatypes = new HashMap<>();
    private final Long bdSeq;
    private long nextSeq;

    Birth(RegistryEntry entry, List<SparkplugMetric> metrics, Long bdSeq) {
      this.entry = entry;
      this.bdSeq = bdSeq;
      for (SparkplugMetric metric : metrics) {
        if (metric.name() == null) {
          continue;
        }
        int datatype = metric.datatype() == null ? SparkplugValues.UNKNOWN : metric.datatype();
        datatypes.put(metric.name(), datatype);
        if (metric.alias() != null) {
          byAlias.put(metric.alias(), new Definition(metric.name(), datatype));
        }
      }
    }

    /** The registry entry of the node or device born. */
    RegistryEntry entry() {
      return entry;
    }

    /** The {@code bdSeq} of the NBIRTH, or null (a DBIRTH, or an NBIRTH without one). */
    Long bdSeq() {
      return bdSeq;
    }

    /**
     * What {@code metric} is: by its name if it has one (the datatype its own, else the BIRTH's),
     * else by its alias.
     *
     * @return null if it has an alias the BIRTH did not define, or neither name nor alias
     */
    Definition resolve(SparkplugMetric metric) {
      if (metric.name() != null) {
        int datatype =
            metric.datatype() != null
                ? metric.datatype()
                : datatypes.getOrDefault(metric.name(), SparkplugValues.UNKNOWN);
        return new Definition(metric.name(), datatype);
      }
      return metric.alias() == null ? null : byAlias.get(metric.alias());
    }

    /**
     * The seq of the next reading: a counter of this BIRTH's own from 0, since a Sparkplug seq (0
     * to 255, shared by the node and its devices) cannot number a device's readings.
     */
    long nextSeq() {
      return nextSeq++;
    }
  }

  private final RegistryEntry node;
  private final RebirthChannel rebirth;
  private Birth nodeBirth;
  private final Map<String, Birth> devices = new LinkedHashMap<>();
  private Long lastSeq;
  private long lastRebirthNanos;
  private boolean rebirthRequested;
  private boolean nodeDead;

  public SparkplugSession(RegistryEntry node, RebirthChannel rebirth) {
    this.node = node;
    this.rebirth = rebirth;
  }

  /** The edge node: the connected device. */
  RegistryEntry node() {
    return node;
  }

  RebirthChannel rebirthChannel() {
    return rebirth;
  }

  /**
   * An NBIRTH: the node's metrics are defined anew, its readings numbered from 0 again, and its
   * message sequence starts at the NBIRTH's seq. The devices' BIRTHs stay until they are born
   * again.
   */
  Birth nodeBorn(SparkplugPayload payload, Long bdSeq) {
    nodeBirth = new Birth(node, payload.metrics(), bdSeq);
    lastSeq = payload.seq();
    nodeDead = false;
    return nodeBirth;
  }

  /** A DBIRTH of {@code device}: its metrics defined anew, its readings numbered from 0 again. */
  Birth deviceBorn(RegistryEntry device, SparkplugPayload payload) {
    Birth birth = new Birth(device, payload.metrics(), null);
    devices.put(device.device().device(), birth);
    return birth;
  }

  /** The node's latest NBIRTH, or null before the first one (or after its NDEATH). */
  Birth nodeBirth() {
    return nodeBirth;
  }

  /** The latest DBIRTH of {@code deviceId}, or null before it (or after its DDEATH). */
  Birth deviceBirth(String deviceId) {
    return devices.get(deviceId);
  }

  /**
   * Follows the node's message sequence with a message's {@code seq}.
   *
   * @return whether it skipped: a seq is expected to be the previous one plus 1, modulo 256
   */
  boolean gapBefore(Long seq) {
    if (seq == null) {
      return false;
    }
    boolean gap = lastSeq != null && seq != (lastSeq + 1) % 256;
    lastSeq = seq;
    return gap;
  }

  /** The expected seq after the previous one, for the log; null before any. */
  Long expectedSeq() {
    return lastSeq == null ? null : (lastSeq + 1) % 256;
  }

  /**
   * The node died (an NDEATH, published or as its Will): it and every device it had born are dead.
   *
   * @return the devices that were born, each once; empty if the node's death was already reported
   *     and nothing was born since
   */
  List<Birth> nodeDied() {
    List<Birth> born = new ArrayList<>(devices.values());
    devices.clear();
    nodeBirth = null;
    lastSeq = null;
    nodeDead = true;
    return born;
  }

  /** Whether the node's death was reported and it was not born again since. */
  boolean nodeDead() {
    return nodeDead;
  }

  /** A DDEATH: the device's BIRTH is gone. */
  Birth deviceDied(String deviceId) {
    return devices.remove(deviceId);
  }

  /** The connection ended: the devices still born, which are dead with it. */
  List<Birth> ended() {
    List<Birth> born = new ArrayList<>(devices.values());
    devices.clear();
    return born;
  }

  /**
   * Whether a rebirth request may be sent at {@code nowNanos}: at most one per {@code interval}.
   */
  boolean rebirthDue(long nowNanos, Duration interval) {
    return !rebirthRequested || nowNanos - lastRebirthNanos >= interval.toNanos();
  }

  /** A rebirth request was sent to the node at {@code nowNanos}. */
  void rebirthRequested(long nowNanos) {
    rebirthRequested = true;
    lastRebirthNanos = nowNanos;
  }
}
