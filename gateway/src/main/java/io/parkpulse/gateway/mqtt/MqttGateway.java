package io.parkpulse.gateway.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.DeviceRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.jboss.logging.Logger;

/**
 * The MQTT server devices connect to. It identifies each device by its CONNECT username {@code
 * {device}@{enterprise}} and hands its telemetry to the {@link TelemetryPipeline}. Plain class:
 * Quarkus only creates and starts it.
 */
public final class MqttGateway {

  private static final Logger LOG = Logger.getLogger(MqttGateway.class);

  private final Vertx vertx;
  private final MqttServerOptions options;
  private final TelemetryPipeline telemetry;
  private final GatewayMetrics metrics;
  private MqttServer server;

  public MqttGateway(
      Vertx vertx,
      String host,
      int port,
      int maxMessageSize,
      TelemetryPipeline telemetry,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.options =
        new MqttServerOptions()
            .setHost(host)
            .setPort(port)
            .setMaxMessageSize(maxMessageSize)
            .setAutoClientId(true);
    this.telemetry = telemetry;
    this.metrics = new GatewayMetrics(registry);
  }

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

  /** Stops listening and closes every connection. */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void onConnect(MqttEndpoint endpoint) {
    MqttAuth auth = endpoint.auth();
    String username = auth == null ? null : auth.getUsername();
    DeviceRef device;
    try {
      device = DeviceRef.fromUsername(username);
    } catch (IllegalArgumentException e) {
      metrics.badUsername();
      LOG.infof("refused connection from %s: %s", endpoint.remoteAddress(), e.getMessage());
      endpoint.reject(
          endpoint.protocolVersion() == 5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
              : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
      return;
    }
    new DeviceSession(endpoint, device, telemetry, metrics, vertx.getOrCreateContext()).start();
  }
}
