package io.parkpulse.gateway;

import io.parkpulse.model.KafkaConnectionConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.ClientAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.record.CompressionType;

/** Settings of the gateway, under {@code parkpulse.gateway}. */
@ConfigMapping(prefix = "parkpulse.gateway")
public interface GatewayConfig {

  /** The MQTT listener. */
  Mqtt mqtt();

  /** The MQTT over TLS listener, beside the plain one. */
  Tls tls();

  /** The Kafka producer. */
  Kafka kafka();

  /** Device authentication. */
  Auth auth();

  /** Enforcement of the per-enterprise limits the registry carries. */
  Limits limits();

  /** Sparkplug B edge nodes. */
  Sparkplug sparkplug();

  /**
   * On shutdown, how long the gateway waits for Kafka to answer the messages devices wait for,
   * after it stopped accepting connections and before it closes them. Default {@code 10S}.
   */
  @WithDefault("10S")
  Duration shutdownDrainTimeout();

  /** Prefix of every Kafka topic name. Default {@code parkpulse}. */
  @WithDefault("parkpulse")
  String topicPrefix();

  /** The plain MQTT listener. */
  interface Mqtt {
    /**
     * Whether the plain (unencrypted) listener is open. Turn it off where devices must use TLS
     * ({@code tls.enabled}); the gateway refuses to start with neither. Default {@code true}.
     */
    @WithDefault("true")
    boolean enabled();

    /** Interface to listen on. Default {@code 0.0.0.0} (all). */
    @WithDefault("0.0.0.0")
    String host();

    /** TCP port. Default {@code 1883}. */
    @WithDefault("1883")
    int port();

    /**
     * How long a client may take, once connected, to send its CONNECT; then the connection is
     * closed, so idle sockets cannot pile up unauthenticated. Whole seconds. Default {@code 10S}.
     */
    @WithDefault("10S")
    Duration connectTimeout();

    /** Largest MQTT message accepted, in bytes. Default {@code 262144} (256 KiB). */
    @WithDefault("262144")
    int maxMessageSize();

    /**
     * QoS 1 and 2 messages one connection may have waiting for Kafka; announced to MQTT 5 clients
     * as Receive Maximum. A message beyond it closes the connection unacknowledged. Default 1000.
     */
    @WithDefault("1000")
    int maxInflightPerConnection();

    /**
     * Payload bytes all connections together may have waiting for Kafka, bounding the memory the
     * gateway spends while Kafka is slow or down. Default {@code 268435456} (256 MiB).
     */
    @WithDefault("268435456")
    long maxInflightBytes();
  }

  /**
   * MQTT over TLS on a second port, with the plain listener's host and limits. A device may present
   * a client certificate signed by its enterprise's CA instead of its secret.
   */
  interface Tls {
    /** Whether the TLS listener runs. Default {@code false}. */
    @WithDefault("false")
    boolean enabled();

    /** TCP port. Default {@code 8883}. */
    @WithDefault("8883")
    int port();

    /**
     * PEM file of the gateway's certificate, followed by its intermediate CA certificates if any.
     * Required when enabled.
     */
    Optional<Path> certificate();

    /** PEM file of that certificate's private key (PKCS#8 or PKCS#1). Required when enabled. */
    Optional<Path> key();

    /** TLS versions offered, comma-separated. Default {@code TLSv1.3,TLSv1.2}. */
    @WithDefault("TLSv1.3,TLSv1.2")
    List<String> protocols();

    /** Cipher suites offered (JSSE names, comma-separated); the JVM's defaults when not set. */
    Optional<List<String>> cipherSuites();

    /**
     * Client certificates: {@code none} (never asked for), {@code request} (a device may present
     * one or log in with its secret) or {@code required} (a TLS connection without one fails).
     * Default {@code request}.
     */
    @WithDefault("request")
    ClientAuth clientAuth();
  }

  /** Device authentication. */
  interface Auth {
    /** Failed logins a source address may have per window before it is refused. Default 20. */
    @WithDefault("20")
    int maxFailuresPerSource();

    /** Failed logins a username may have per window before it is refused. Default 5. */
    @WithDefault("5")
    int maxFailuresPerUsername();

    /** The window in which those allowances are regained. Default {@code 1M}. */
    @WithDefault("1M")
    Duration failureWindow();

    /**
     * Threads that check secrets and client certificates. The secret hash is slow on purpose and
     * takes a core while it runs, so more threads than cores only add memory; a burst of logins
     * waits its turn instead. Default: the number of cores.
     */
    OptionalInt threads();

    /**
     * Logins that may wait for those threads. A CONNECT beyond it is refused at once, unchecked,
     * with "server unavailable", and counted as {@code busy}. Default 1000.
     */
    @WithDefault("1000")
    int maxPending();
  }

  /**
   * Enforcement of the limits the platform puts in each device's registry entry (connections,
   * messages per second, bytes per day, per device and per enterprise). Each gateway instance
   * counts only what passes through it.
   */
  interface Limits {
    /**
     * How far ahead of its message rate a device or an enterprise may get before its messages are
     * refused rather than held back: a device publishing at twice its rate is refused after this
     * long. Default {@code 10S}.
     */
    @WithDefault("10S")
    Duration rateTolerance();

    /**
     * Gateway instances the devices are spread over: each instance enforces this share of the
     * enterprise-wide limits (connections, enterprise messages per second, enterprise bytes per
     * day). {@code 0}: the live gateways, counted through Kafka (every gateway is a member of the
     * consumer group {@code parkpulse-gateway-members}), so the share follows gateways that start
     * and stop. {@code 1} gives every instance the whole limit. Default {@code 0}.
     */
    @WithDefault("0")
    int instances();

    /**
     * How long a gateway that stopped answering (killed, cut off) still counts as live, when the
     * live gateways are counted; they are counted every half of it. Default {@code 10S}.
     */
    @WithDefault("10S")
    Duration liveTimeout();
  }

  /** Sparkplug B edge nodes. */
  interface Sparkplug {
    /**
     * The least time between two requests to one edge node to publish its BIRTH messages again
     * (sent when it publishes data the gateway cannot decode without them). Default {@code 5S}.
     */
    @WithDefault("5S")
    Duration rebirthInterval();
  }

  /** The Kafka producer that carries telemetry. */
  interface Kafka extends KafkaConnectionConfig {

    /**
     * How long the producer keeps retrying a record before giving up, after which the device is
     * disconnected without a PUBACK so that it publishes again. Default {@code 2M}.
     */
    @WithDefault("2M")
    Duration deliveryTimeout();

    /**
     * How long the producer waits to fill a batch. Longer batches more records per request and adds
     * up to this much to every PUBACK. Default {@code 0MS}: the producer still batches what arrives
     * while its requests are in flight, and the PUBACK's median was 1.5 to 2 ms lower than with 2
     * ms at the same rates, at no lower capacity (docs/benchmarks.md).
     */
    @WithDefault("0MS")
    Duration linger();

    /**
     * How the producer compresses its batches: {@code none}, {@code lz4}, {@code snappy}, {@code
     * zstd} or {@code gzip}; consumers read any of them without a setting of their own. Default
     * {@code snappy}: with batches of a few records (linger 0) it stores as many bytes as lz4, and
     * the gateway collected a third as often (lz4 allocates two 64 KiB buffers for every batch;
     * docs/benchmarks.md). snappy loads a native library; where it cannot, the gateway stops at its
     * start and says so.
     */
    @WithDefault("snappy")
    CompressionType compression();

    /**
     * The gateway reports not ready when records have waited this long without any completing: a
     * load balancer then sends new connections elsewhere. Default {@code 15S}.
     */
    @WithDefault("15S")
    Duration stallTimeout();
  }
}
