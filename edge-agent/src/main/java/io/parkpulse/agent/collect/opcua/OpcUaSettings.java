package io.parkpulse.agent.collect.opcua;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.model.DeviceRef;
import java.time.Duration;
import java.util.List;

/**
 * One OPC UA server as the configuration names it.
 *
 * @param device the ParkPulse device its readings belong to
 * @param endpoint e.g. {@code opc.tcp://10.0.0.5:4840}
 * @param security the security policy: {@code NONE} or {@code BASIC256SHA256} (sign and encrypt)
 * @param username user name, or null for anonymous
 * @param password password, or null for anonymous
 * @param publishInterval how often the server sends what changed, and how often the agent takes a
 *     reading of the latest values
 * @param points the nodes to subscribe to
 */
public record OpcUaSettings(
    DeviceRef device,
    String endpoint,
    Security security,
    String username,
    String password,
    Duration publishInterval,
    List<Point> points)
    implements CollectorSettings {

  public OpcUaSettings {
    points = List.copyOf(points);
  }

  /** Supported security policies. */
  public enum Security {
    NONE,
    BASIC256SHA256
  }

  /**
   * One node: a monitored item sampled every {@code samplingInterval}.
   *
   * @param spec name, unit and kind
   * @param nodeId the node, as OPC UA writes it: {@code ns=2;s=Line1/Press/Power}
   * @param samplingInterval how often the server samples it
   */
  public record Point(PointSpec spec, String nodeId, Duration samplingInterval) {}
}
