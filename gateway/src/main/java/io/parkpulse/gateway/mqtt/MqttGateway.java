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
import io.parkpulse.gateway.sparkplug.SparkplugHandler;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.LogSafe;
import io.parkpulse.model.RegistryEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jboss.logging.Logger;

/**
 * The MQTT server devices connect to: a plain listener, and a TLS one beside it if configured. It
 * authenticates each CONNECT against the device registry (off the event loop: the secret hash is
 * slow on purpose), by the secret or, over TLS, by a client certificate; hands accepted devices'
 * telemetry to the {@link TelemetryPipeline} (Sparkplug B to the {@link SparkplugHandler}), and
 * closes the connections of devices that were deleted, disabled or given a new secret, and those
 * logged in by a certificate their enterprise's CA no longer vouches for. It delivers commands to
 * the devices connected to it. A device whose enterprise holds all the connections its limits allow
 * is refused ({@link Limiter}), once it has authenticated: connections are counted per
 * authenticated enterprise. Plain class: Quarkus only creates and starts it.
 */
public final class MqttGateway implements CommandRouter {

  private static final Logger LOG = Logger.getLogger(MqttGateway.class);
  private static final int MQTT_5 = 5;

  private final Vertx vertx;
  private final List<MqttServerOptions> listeners;
  private final DeviceAuthenticator authenticator;
  private final TopicAuthorizer topics;
  private final TelemetryPipeline telemetry;
  private final DeviceEvents events;
  private final GatewayMetrics metrics;
  private final Set<DeviceSession> sessions = ConcurrentHashMap.newKeySet();

  /** The latest connection of each device: the one a command goes to. */
  private final Map<DeviceRef, DeviceSession> latest = new ConcurrentHashMap<>();

  /** The connections of gateway devices (registered as gateway for other devices). */
  private final Set<DeviceSession> gatewayDevices = ConcurrentHashMap.newKeySet();

  private final DeviceRegistry registry;

  private final CommandResponses responses;
  private final int maxInflight;
  private final InflightBudget budget;
  private final List<MqttServer> servers = new ArrayList<>();
  private final Limiter limiter;
  private final WorkerExecutor authWorkers;
  private final SparkplugHandler sparkplug;
  private volatile boolean draining;
  private final int maxPendingLogins;
  private final AtomicInteger pendingLogins = new AtomicInteger();
  private long keepAliveTimer = -1;

  /**
   * @param listeners the listeners to open: the plain one, then the TLS one if any
   */
  public MqttGateway(
      Vertx vertx,
      List<MqttServerOptions> listeners,
      Flow flow,
      DeviceRegistry registry,
      DeviceAuthenticator authenticator,
      Logins logins,
      TelemetryPipeline telemetry,
      DeviceEvents events,
      CommandResponses responses,
      Limiter limiter,
      SparkplugHandler sparkplug,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.listeners = List.copyOf(listeners);
    this.authenticator = authenticator;
    this.authWorkers = vertx.createSharedWorkerExecutor("parkpulse-gateway-auth", logins.threads());
    this.maxPendingLogins = logins.maxPending();
    this.registry = registry;
    this.topics = new TopicAuthorizer(registry);
    this.telemetry = telemetry;
    this.events = events;
    this.responses = responses;
    this.limiter = limiter;
    this.sparkplug = sparkplug;
    this.maxInflight = flow.maxInflightPerConnection();
    this.budget = new InflightBudget(flow.maxInflightBytes());
    this.metrics = new GatewayMetrics(meters, budget);
    registry.onRevoked(this::disconnect);
    registry.onTrustChanged(this::recheckCertificates);
  }

  /**
   * How much may wait for Kafka.
   *
   * @param maxInflightPerConnection QoS 1 and 2 messages of one connection not yet acknowledged
   * @param maxInflightBytes payload bytes of all connections not yet stored
   */
  public record Flow(int maxInflightPerConnection, long maxInflightBytes) {}

  /**
   * How logins are checked.
   *
   * @param threads threads that check secrets and certificates
   * @param maxPending logins that may wait for a check; more are refused at once, unchecked, so
   *     that a flood of CONNECTs costs neither hashing nor memory
   */
  public record Logins(int threads, int maxPending) {}

  /**
   * Starts listening; the future holds the port of each listener, in the order given, or fails if a
   * port cannot be bound or the TLS listener's certificate not be used.
   */
  public Future<List<Integer>> start() {
    List<Future<Integer>> ports = new ArrayList<>();
    for (MqttServerOptions options : listeners) {
      MqttServer server = MqttServer.create(vertx, options);
      server.endpointHandler(this::onConnect);
      server.exceptionHandler(e -> LOG.debugf("MQTT connection error: %s", e.getMessage()));
      servers.add(server);
      ports.add(server.listen().map(MqttServer::actualPort));
    }
    keepAliveTimer = vertx.setPeriodic(KeepAlive.PERIOD_MILLIS, id -> checkKeepAlives());
    return Future.all(ports).map(all -> ports.stream().map(Future::result).toList());
  }

  /** Closes the connections whose devices have been silent for longer than their keep-alive. */
  private void checkKeepAlives() {
    long now = System.nanoTime();
    for (DeviceSession session : sessions) {
      session.checkKeepAlive(now);
    }
  }

  /** Whether every listener accepts connections. */
  public boolean isListening() {
    return !servers.isEmpty() && servers.stream().allMatch(s -> s.actualPort() > 0);
  }

  /**
   * Stops gracefully: refuses new connections, waits up to {@code timeout} until Kafka has answered
   * every message the connected devices wait for (so that their acknowledgements go out), then
   * closes every connection.
   */
  public Future<Void> stop(Duration timeout) {
    draining = true;
    if (servers.isEmpty()) {
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
    return drained
        .future()
        .compose(
            v -> {
              vertx.cancelTimer(keepAliveTimer);
              return Future.join(servers.stream().map(MqttServer::close).toList());
            })
        .compose(v -> authWorkers.close())
        .mapEmpty();
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
    Login login = Login.of(endpoint.isSsl(), clientCertificates(endpoint));
    if (pendingLogins.incrementAndGet() > maxPendingLogins) {
      pendingLogins.decrementAndGet();
      endpoint.reject(refusal(authenticator.busy().outcome(), endpoint.protocolVersion()));
      return;
    }
    authWorkers
        .executeBlocking(
            () ->
                login.byCertificate()
                    ? authenticator.authenticateCertificate(login.certificates(), username, source)
                    : authenticator.authenticate(username, password, source),
            false)
        .onComplete(
            result -> {
              pendingLogins.decrementAndGet();
              if (result.failed()) {
                LOG.errorf(result.cause(), "authenticating %s failed", LogSafe.identity(username));
                endpoint.reject(refusal(Outcome.NOT_READY, endpoint.protocolVersion()));
                return;
              }
              DeviceAuthenticator.Result decision = result.result();
              if (decision.outcome() != Outcome.ACCEPTED) {
                LOG.infof(
                    "refused %s from %s (%s, %s): %s",
                    LogSafe.identity(
                        login.byCertificate()
                            ? login.certificates().get(0).getSubjectX500Principal().getName()
                            : username),
                    endpoint.remoteAddress(),
                    login.transport(),
                    login.credential(),
                    decision.outcome());
                endpoint.reject(refusal(decision.outcome(), endpoint.protocolVersion()));
                return;
              }
              RegistryEntry entry = decision.entry().orElseThrow();
              if (!limiter.tryConnect(entry)) {
                LOG.warnf(
                    "refused %s from %s (%s, %s): enterprise %s of park %s has all its connections",
                    entry.device(),
                    endpoint.remoteAddress(),
                    login.transport(),
                    login.credential(),
                    entry.device().enterprise(),
                    entry.park());
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
                      login,
                      limiter,
                      sparkplug);
              sessions.add(session);
              latest.put(session.device(), session);
              if (!entry.gatewayFor().isEmpty()) {
                gatewayDevices.add(session);
              }
              session.start(
                  () -> {
                    sessions.remove(session);
                    gatewayDevices.remove(session);
                    latest.remove(session.device(), session);
                    limiter.disconnected(entry);
                  });
            });
  }

  @Override
  public boolean holds(DeviceRef device) {
    return latest.containsKey(device) || frontedBy(device) != null;
  }

  @Override
  public Delivery deliver(CommandRequest request) {
    DeviceSession session = latest.get(request.device());
    if (session != null && session.entry().park().equals(request.park())) {
      return session.deliver(request) ? Delivery.DELIVERED : Delivery.NOT_SUBSCRIBED;
    }
    DeviceSession gateway = frontedBy(request.device());
    if (gateway == null || !gateway.entry().park().equals(request.park())) {
      return Delivery.NOT_CONNECTED;
    }
    return gateway.deliverForFronted(request) ? Delivery.DELIVERED : Delivery.NOT_SUBSCRIBED;
  }

  /**
   * The connection of a gateway device that fronts {@code device}, for a device not connected
   * itself; null if none is connected here. Commands are rare: a scan of the gateway devices'
   * connections is enough.
   */
  private DeviceSession frontedBy(DeviceRef device) {
    for (DeviceSession session : gatewayDevices) {
      // As the registry has it now: a device it no longer fronts gets no more commands from it.
      boolean fronts =
          session.device().enterprise().equals(device.enterprise())
              && registry
                  .find(session.device())
                  .map(e -> e.gatewayFor().contains(device.device()))
                  .orElse(false);
      if (fronts && latest.get(session.device()) == session) {
        return session;
      }
    }
    return null;
  }

  private void disconnect(DeviceRef device) {
    sessions.stream().filter(s -> s.device().equals(device)).forEach(DeviceSession::revoke);
  }

  /**
   * The CA certificates of {@code entry}'s enterprise changed: each connection of the device that
   * logged in by certificate stays only if its certificate still leads to one of them.
   */
  private void recheckCertificates(RegistryEntry entry) {
    for (DeviceSession session : sessions) {
      if (session.device().equals(entry.device()) && session.login().byCertificate()) {
        authWorkers
            .executeBlocking(
                () -> authenticator.stillTrusted(session.login().certificates(), entry), false)
            .onSuccess(
                trusted -> {
                  if (!trusted) {
                    session.revoke("its enterprise's CA no longer vouches for its certificate");
                  }
                });
      }
    }
  }

  /** The client's certificate chain, its own first; empty without TLS or a certificate. */
  private static List<X509Certificate> clientCertificates(MqttEndpoint endpoint) {
    if (!endpoint.isSsl() || endpoint.sslSession() == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : endpoint.sslSession().getPeerCertificates()) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  /** The CONNACK code for a refusal, in the client's protocol version. */
  static MqttConnectReturnCode refusal(Outcome outcome, int protocolVersion) {
    boolean v5 = protocolVersion == MQTT_5;
    return switch (outcome) {
      case NOT_READY, BUSY ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
              : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
      // MQTT 3.1.1 has no code for it; "server unavailable" tells the client to come back later.
      case RATE_LIMITED ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
              : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
      // The certificate does not make the device known: "not authorized", as for a disabled one.
      case DISABLED, MALFORMED_CERTIFICATE, UNTRUSTED_CERTIFICATE, EXPIRED_CERTIFICATE ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
              : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
      case MALFORMED_USERNAME, UNKNOWN_DEVICE, BAD_SECRET, USERNAME_MISMATCH, ACCEPTED ->
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
              : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
    };
  }
}
