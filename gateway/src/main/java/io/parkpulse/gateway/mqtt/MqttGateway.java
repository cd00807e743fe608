package io.parkpulse.gateway.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.parkpulse.gateway.auth.DeviceAuthenticator;
import io.parkpulse.gateway.auth.DeviceAuthenticator.Outcome;
import io.parkpulse.gateway.commands.CommandResponses;
import io.parkpulse.gateway.commands.CommandRouter;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.limits.Limiter;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The MQTT server devices connect to. It authenticates each CONNECT against the device registry
 * (off the event loop: the secret hash is slow on purpose), hands accepted devices' telemetry to
 * the {@link TelemetryPipeline}, and closes the connections of devices that were deleted, disabled
 * or given a new secret. It delivers commands to the devices connected to it. A device whose
 * enterprise holds all the connections its limits allow is refused ({@link Limiter}). Plain class:
 * Quarkus only creates and starts it.
 */
public final class MqttGateway implements CommandRouter {

  private static final Logger LOG = Logger.getLogger(MqttGateway.class);
  private static final int MQTT_5 = 5;

  private final Vertx vertx;
  private final MqttServerOptions options;
  private final DeviceAuthenticator authenticator;
  private final TopicAuthorizer topics;
  private final TelemetryPipeline telemetry;
  private final DeviceEvents events;
  private final GatewayMetrics metrics;
  private final Set<DeviceSession> sessions = ConcurrentHashMap.newKeySet();

  /** The latest connection of each device: the one a command goes to. */
  private final Map<DeviceRef, DeviceSession> latest = new ConcurrentHashMap<>();

  private final CommandResponses responses;
  private final int maxInflight;
  private final InflightBudget budget;
  private final Limiter limiter;
  private MqttServer server;
  private volatile boolean draining;

  public MqttGateway(
      Vertx vertx,
      MqttServerOptions options,
      Flow flow,
      DeviceRegistry registry,
      DeviceAuthenticator authenticator,
      TelemetryPipeline telemetry,
      DeviceEvents events,
      CommandResponses responses,
      Limiter limiter,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.options = options;
    this.authenticator = authenticator;
    this.topics = new TopicAuthorizer(registry);
    this.telemetry = telemetry;
    this.events = events;
    this.responses = responses;
    this.limiter = limiter;
    this.maxInflight = flow.maxInflightPerConnection();
    this.budget = new InflightBudget(flow.maxInflightBytes());
    this.metrics = new GatewayMetrics(meters, budget);
    registry.onRevoked(this::disconnect);
  }

  /**
   * How much may wait for Kafka.
   *
   * @param maxInflightPerConnection QoS 1 and 2 messages of one connection not yet acknowledged
   * @param maxInflightBytes payload bytes of all connections not yet stored
   */
  public record Flow(int maxInflightPerConnection, long maxInflightBytes) {}

  /** Starts listening; the future holds the port, or fails if the port cannot be bound. */
  public Future<Integer> start() {
    server = MqttServer.create(vertx, options);
    server.endpointHandler(this::onConnect);
    server.exceptionHandler(e -> LOG.debugf("MQTT connection error: %s", e.getMessage()));
    return server.listen().map(MqttServer::actualPort);
  }

  /** Whether the server accepts connections. */
  public boolean isListening() {
    return server != null && server.actualPort() > 0;
  }

  /**
   * Stops gracefully: refuses new connections, waits up to {@code timeout} until Kafka has answered
   * every message the connected devices wait for (so that their acknowledgements go out), then
   * closes every connection.
   */
  public Future<Void> stop(Duration timeout) {
    draining = true;
    if (server == null) {
      return Future.succeededFuture();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Promise<Void> drained = Promise.promise();
    vertx.setPeriodic(
        20,
        timer -> {
          boolean idle = sessions.stream().allMatch(s -> s.waitingForKafka() == 0);
          if (idle || System.nanoTime() > deadline) {
            vertx.cancelTimer(timer);
            if (!idle) {
              LOG.warnf("stopping with messages still waiting for Kafka after %s", timeout);
            }
            drained.complete();
          }
        });
    return drained.future().compose(v -> server.close());
  }

  private void onConnect(MqttEndpoint endpoint) {
    if (draining) {
      endpoint.reject(refusal(Outcome.NOT_READY, endpoint.protocolVersion()));
      return;
    }
    MqttAuth auth = endpoint.auth();
    String username = auth == null ? null : auth.getUsername();
    String password = auth == null ? null : auth.getPassword();
    String source = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().host();
    vertx
        .executeBlocking(() -> authenticator.authenticate(username, password, source), false)
        .onComplete(
            result -> {
              if (result.failed()) {
                LOG.errorf(result.cause(), "authenticating %s failed", username);
                endpoint.reject(refusal(Outcome.NOT_READY, endpoint.protocolVersion()));
                return;
              }
              DeviceAuthenticator.Result decision = result.result();
              if (decision.outcome() != Outcome.ACCEPTED) {
                LOG.infof(
                    "refused %s from %s: %s",
                    username, endpoint.remoteAddress(), decision.outcome());
                endpoint.reject(refusal(decision.outcome(), endpoint.protocolVersion()));
                return;
              }
              RegistryEntry entry = decision.entry().orElseThrow();
              if (!limiter.tryConnect(entry)) {
                LOG.warnf(
                    "refused %s from %s: enterprise %s of park %s has all its connections",
                    username, endpoint.remoteAddress(), entry.device().enterprise(), entry.park());
                endpoint.reject(
                    endpoint.protocolVersion() == MQTT_5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                return;
              }
              DeviceSession session =
                  new DeviceSession(
                      endpoint,
                      entry,
                      topics,
                      telemetry,
                      metrics,
                      vertx.getOrCreateContext(),
                      maxInflight,
                      budget,
                      events,
                      responses,
                      limiter);
              sessions.add(session);
              latest.put(session.device(), session);
              session.start(
                  () -> {
                    sessions.remove(session);
                    latest.remove(session.device(), session);
                    limiter.disconnected(entry);
                  });
            });
  }

  @Override
  public boolean holds(DeviceRef device) {
    return latest.containsKey(device);
  }

  @Override
  public Delivery deliver(CommandRequest request) {
    DeviceSession session = latest.get(request.device());
    if (session == null || !session.entry().park().equals(request.park())) {
      return Delivery.NOT_CONNECTED;
    }
    return session.deliver(request) ? Delivery.DELIVERED : Delivery.NOT_SUBSCRIBED;
  }

  private void disconnect(DeviceRef device) {
    sessions.stream().filter(s -> s.device().equals(device)).forEach(DeviceSession::revoke);
  }

  /** The CONNACK code for a refusal, in the client's protocol version. */
  static MqttConnectReturnCode refusal(Outcome outcome, int protocolVersion) {
    boolean v5 = protocolVersion == MQTT_5;
    return switch (outcome) {
      case NOT_READY ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
              : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
      // MQTT 3.1.1 has no code for it; "server unavailable" tells the client to come back later.
      case RATE_LIMITED ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
              : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
      case DISABLED ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
              : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
      case MALFORMED_USERNAME, UNKNOWN_DEVICE, BAD_SECRET, ACCEPTED ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
              : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
    };
  }
}
