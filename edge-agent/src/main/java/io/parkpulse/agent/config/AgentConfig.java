package io.parkpulse.agent.config;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.model.DeviceRef;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent's configuration: one file that names the gateway, the agent's device credentials and
 * the machines it reads. See {@code docs/edge-agent.md} and {@code config/agent.example.yaml}.
 *
 * @param file where it was read from
 * @param gateway how to reach the gateway
 * @param device the agent's own device: its MQTT identity
 * @param secret the device secret issued at provisioning
 * @param stateDir where the store, the agent's key and {@code status.json} live
 * @param store the reading store's bounds
 * @param publish how readings are sent
 * @param machines what the agent reads; machines of other devices are sent in gateway mode
 * @param writable the points the {@code write} command may set, and within which bounds
 * @param configVersion the managed configuration's version that gave the buses, machines and
 *     commands, or 0 when they come from the file
 * @param configHash lowercase hex SHA-256 of that managed document, or of the file for version 0
 */
public record AgentConfig(
    Path file,
    Gateway gateway,
    DeviceRef device,
    String secret,
    Path stateDir,
    Store store,
    Publish publish,
    List<CollectorSettings> machines,
    List<Writable> writable,
    int configVersion,
    String configHash) {

  public AgentConfig {
    machines = List.copyOf(machines);
    writable = List.copyOf(writable);
  }

  /**
   * A point the {@code write} command may set.
   *
   * @param device the machine's device id
   * @param point the point's name
   * @param bool whether the point takes true or false ({@code type: boolean}, a coil) rather than a
   *     number
   * @param min the lowest value allowed, in the point's unit
   * @param max the highest value allowed
   */
  public record Writable(String device, String point, boolean bool, double min, double max) {}

  /**
   * The gateway's address and, for {@code ssl://}, the TLS settings.
   *
   * @param uri {@code tcp://host:1883} or {@code ssl://host:8883}
   * @param caFile PEM certificates to trust for the gateway, or null for the system's
   * @param certFile the agent's PEM client certificate for mutual TLS, or null
   * @param keyFile the client certificate's PEM (PKCS#8) private key, or null
   */
  public record Gateway(String uri, Path caFile, Path certFile, Path keyFile) {}

  /**
   * @param maxBytes most disk the store takes
   * @param overflow what happens when it is full
   */
  public record Store(long maxBytes, ReadingStore.Overflow overflow) {}

  /**
   * @param maxInflight MQTT messages sent and not acknowledged, at most
   * @param readingsPerMessage readings of one device in one message, at most
   */
  public record Publish(int maxInflight, int readingsPerMessage) {}
}
