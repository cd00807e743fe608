package io.parkpulse.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.auth.DeferredClientTrust;
import io.parkpulse.gateway.auth.DeviceAuthenticator;
import io.parkpulse.gateway.commands.CommandConsumer;
import io.parkpulse.gateway.commands.CommandResponses;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.KafkaRecordSink;
import io.parkpulse.gateway.limits.Limiter;
import io.parkpulse.gateway.limits.LiveGateways;
import io.parkpulse.gateway.mqtt.MqttGateway;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.gateway.registry.RegistryFollower;
import io.parkpulse.gateway.sparkplug.SparkplugHandler;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.ParkTopicFollower;
import io.parkpulse.model.TelemetryCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/** Wires the gateway's plain classes together and runs them for the life of the application. */
@ApplicationScoped
public class GatewayLifecycle {

  private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);

  /** The consumer group whose members are the live gateways (under the gateway's ACL prefix). */
  static final String LIVE_GATEWAYS_GROUP = "parkpulse-gateway-members";

  private final GatewayConfig config;
  private final Vertx vertx;
  private final MeterRegistry meters;
  private final DeviceRegistry registry = new DeviceRegistry();
  private RegistryFollower follower;
  private Thread followerThread;
  private KafkaRecordSink sink;
  private MqttGateway gateway;
  private CommandConsumer commands;
  private Thread commandsThread;
  private LiveGateways liveGateways;
  private Thread liveGatewaysThread;
  private volatile int mqttPort = -1;
  private volatile int tlsPort = -1;

  GatewayLifecycle(GatewayConfig config, Vertx vertx, MeterRegistry meters) {
    this.config = config;
    this.vertx = vertx;
    this.meters = meters;
  }

  void start(@Observes StartupEvent event) throws Exception {
    String servers = config.kafka().bootstrapServers();
    follower =
        new RegistryFollower(
            new KafkaConsumer<>(
                config
                    .kafka()
                    .client(
                        Map.of(
                            ConsumerConfig.CLIENT_ID_CONFIG,
                            "parkpulse-gateway-registry",
                            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                            false)),
                new StringDeserializer(),
                new ByteArrayDeserializer()),
            ParkTopic.registry(config.topicPrefix()),
            registry,
            meters);
    followerThread = new Thread(follower, "registry-follower");
    followerThread.setDaemon(true);
    followerThread.start();

    sink =
        new KafkaRecordSink(
            config.kafka()::client,
            config.kafka().deliveryTimeout(),
            config.kafka().linger(),
            config.kafka().compression(),
            "parkpulse-gateway");
    sink.bindTo(meters);
    DeadLetters deadLetters = new DeadLetters(config.topicPrefix(), sink);
    TelemetryPipeline telemetry =
        new TelemetryPipeline(
            config.topicPrefix(),
            sink,
            deadLetters,
            new TelemetryCodec(),
            Clock.systemUTC(),
            meters);
    GatewayConfig.Mqtt mqtt = config.mqtt();
    boolean plain = mqtt.enabled();
    boolean tls = config.tls().enabled();
    if (!plain && !tls) {
      throw new IllegalStateException(
          "no MQTT listener: the plain one is off (PARKPULSE_GATEWAY_MQTT_ENABLED=false) and TLS is"
              + " not on; set PARKPULSE_GATEWAY_TLS_ENABLED=true with a certificate and key");
    }
    List<MqttServerOptions> listeners = new ArrayList<>();
    if (plain) {
      listeners.add(listenerOptions(mqtt.port()));
    }
    if (tls) {
      listeners.add(tlsOptions(config.tls()));
    }
    DeviceEvents events =
        new DeviceEvents(config.topicPrefix(), sink, deadLetters, Clock.systemUTC(), meters);
    gateway =
        new MqttGateway(
            vertx,
            listeners,
            new MqttGateway.Flow(mqtt.maxInflightPerConnection(), mqtt.maxInflightBytes()),
            registry,
            authenticator(),
            new MqttGateway.Logins(
                config.auth().threads().orElse(Runtime.getRuntime().availableProcessors()),
                config.auth().maxPending()),
            telemetry,
            events,
            new CommandResponses(
                config.topicPrefix(), sink, deadLetters, Clock.systemUTC(), meters),
            new Limiter(
                registry::find,
                new Limiter.Settings(config.limits().rateTolerance(), gatewayCount()),
                Clock.systemUTC(),
                System::nanoTime,
                meters),
            new SparkplugHandler(
                telemetry,
                events,
                deadLetters,
                config.sparkplug().rebirthInterval(),
                Clock.systemUTC(),
                System::nanoTime,
                meters),
            meters);
    List<Integer> ports;
    try {
      ports = gateway.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot listen for MQTT on "
              + mqtt.host()
              + (plain ? ":" + mqtt.port() : "")
              + (tls ? (plain ? " and" : "") + " TLS port " + config.tls().port() : "")
              + " ("
              + e.getMessage()
              + "); choose other ports with PARKPULSE_GATEWAY_MQTT_PORT and"
              + " PARKPULSE_GATEWAY_TLS_PORT, and check the PARKPULSE_GATEWAY_TLS_* settings",
          e);
    }
    mqttPort = plain ? ports.get(0) : -1;
    tlsPort = tls ? ports.get(ports.size() - 1) : -1;
    LOG.infof(
        "MQTT gateway listening on %s%s%s, Kafka %s",
        mqtt.host(),
        plain ? ":" + mqttPort : " (plain listener off)",
        tls
            ? " and TLS :" + tlsPort + " (client certificates: " + config.tls().clientAuth() + ")"
            : "",
        servers);
    commands =
        new CommandConsumer(
            commandConsumer(), config.topicPrefix(), gateway, Clock.systemUTC(), meters);
    commandsThread = new Thread(commands, "command-delivery");
    commandsThread.setDaemon(true);
    commandsThread.start();
  }

  /**
   * The number of gateways sharing the enterprise limits: fixed by {@code limits.instances}, or
   * (when it is 0) the live gateways, counted through a consumer group once now and then every half
   * of {@code limits.live-timeout}.
   */
  private IntSupplier gatewayCount() {
    int fixed = config.limits().instances();
    if (fixed < 0) {
      throw new IllegalArgumentException(
          "parkpulse.gateway.limits.instances must be 0 (count the live gateways) or a number of"
              + " gateways, not "
              + fixed);
    }
    if (fixed > 0) {
      return () -> fixed;
    }
    Duration timeout = config.limits().liveTimeout();
    liveGateways =
        new LiveGateways(
            new KafkaConsumer<>(
                config.kafka().client(LiveGateways.memberSettings(LIVE_GATEWAYS_GROUP, timeout)),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer()),
            Admin.create(config.kafka().client(Map.of())),
            ParkTopic.registry(config.topicPrefix()),
            LIVE_GATEWAYS_GROUP,
            timeout.dividedBy(2),
            1);
    Gauge.builder("parkpulse.gateway.live", liveGateways, LiveGateways::getAsInt)
        .description("Live gateways counted: each enforces this share of the enterprise limits")
        .register(meters);
    liveGatewaysThread = new Thread(liveGateways, "live-gateways");
    liveGatewaysThread.setDaemon(true);
    liveGatewaysThread.start();
    return liveGateways;
  }

  /**
   * A consumer of every park's commands in a group of this instance's own: every gateway reads
   * every command, and the one the device is connected to delivers it.
   */
  private KafkaConsumer<String, byte[]> commandConsumer() {
    return new KafkaConsumer<>(
        config.kafka().client(ParkTopicFollower.consumerSettings("parkpulse-gateway-commands")),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  void stop(@Observes ShutdownEvent event) throws Exception {
    if (liveGateways != null) {
      liveGateways.stop();
      liveGatewaysThread.join(10_000);
    }
    if (commands != null) {
      commands.stop();
      commandsThread.join(10_000);
    }
    if (gateway != null) {
      Duration drain = config.shutdownDrainTimeout();
      gateway
          .stop(drain)
          .toCompletionStage()
          .toCompletableFuture()
          .get(drain.toSeconds() + 10, TimeUnit.SECONDS);
    }
    if (sink != null) {
      sink.close();
    }
    if (follower != null) {
      follower.stop();
      followerThread.join(10_000);
    }
  }

  private MqttServerOptions listenerOptions(int port) {
    GatewayConfig.Mqtt mqtt = config.mqtt();
    return new MqttServerOptions()
        .setHost(mqtt.host())
        .setPort(port)
        .setMaxMessageSize(mqtt.maxMessageSize())
        .setTimeoutOnConnect((int) Math.max(1, mqtt.connectTimeout().toSeconds()))
        .setAutoClientId(true);
  }

  /**
   * The TLS listener's options; a missing or unreadable certificate or key stops the start with
   * what to set.
   */
  private MqttServerOptions tlsOptions(GatewayConfig.Tls tls) {
    Path certificate = readable(tls.certificate(), "PARKPULSE_GATEWAY_TLS_CERTIFICATE");
    Path key = readable(tls.key(), "PARKPULSE_GATEWAY_TLS_KEY");
    MqttServerOptions options = listenerOptions(tls.port());
    options
        .setSsl(true)
        .setKeyCertOptions(
            new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString()));
    options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()));
    tls.cipherSuites().ifPresent(suites -> suites.forEach(options::addEnabledCipherSuite));
    options.setClientAuth(tls.clientAuth());
    if (tls.clientAuth() != ClientAuth.NONE) {
      options.setTrustOptions(TrustOptions.wrap(new DeferredClientTrust()));
    }
    return options;
  }

  private static Path readable(Optional<Path> file, String variable) {
    if (file.isEmpty()) {
      throw new IllegalStateException(
          "the TLS listener is enabled but " + variable + " is not set: give the PEM file");
    }
    if (!Files.isReadable(file.get())) {
      throw new IllegalStateException(
          "cannot read " + file.get().toAbsolutePath() + " (" + variable + ")");
    }
    return file.get();
  }

  private DeviceAuthenticator authenticator() {
    GatewayConfig.Auth auth = config.auth();
    return new DeviceAuthenticator(
        registry,
        new DeviceAuthenticator.Limits(
            auth.maxFailuresPerSource(), auth.maxFailuresPerUsername(), auth.failureWindow()),
        meters);
  }

  /** The port plain MQTT listens on, or -1 before start or with the plain listener off. */
  public int mqttPort() {
    return mqttPort;
  }

  /** The port MQTT over TLS listens on, or -1 before start or without TLS. */
  public int mqttTlsPort() {
    return tlsPort;
  }

  /** Whether MQTT accepts connections. */
  public boolean isListening() {
    return gateway != null && gateway.isListening();
  }

  /** Whether Kafka takes the gateway's records (none has waited too long without progress). */
  public boolean kafkaFlowing() {
    return sink != null && !sink.isStalled(config.kafka().stallTimeout());
  }

  /** Whether the command consumer has been given the commands topics' partitions. */
  public boolean commandsAssigned() {
    return commands != null && commands.isAssigned();
  }

  /** The devices this gateway admits. */
  public DeviceRegistry registry() {
    return registry;
  }
}
