package io.parkpulse.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.kafka.KafkaRecordSink;
import io.parkpulse.gateway.mqtt.MqttGateway;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.TelemetryCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Wires the gateway's plain classes together and runs them for the life of the application. */
@ApplicationScoped
public class GatewayLifecycle {

  private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);

  private final GatewayConfig config;
  private final Vertx vertx;
  private final MeterRegistry registry;
  private KafkaRecordSink sink;
  private MqttGateway gateway;
  private volatile int mqttPort = -1;

  GatewayLifecycle(GatewayConfig config, Vertx vertx, MeterRegistry registry) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) throws Exception {
    sink =
        new KafkaRecordSink(
            config.kafka().bootstrapServers(),
            config.kafka().deliveryTimeout(),
            "parkpulse-gateway");
    TelemetryPipeline telemetry =
        new TelemetryPipeline(
            config.topicPrefix(),
            config.park(),
            sink,
            new TelemetryCodec(),
            Clock.systemUTC(),
            registry);
    GatewayConfig.Mqtt mqtt = config.mqtt();
    gateway =
        new MqttGateway(
            vertx, mqtt.host(), mqtt.port(), mqtt.maxMessageSize(), telemetry, registry);
    try {
      mqttPort =
          gateway.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot listen for MQTT on "
              + mqtt.host()
              + ":"
              + mqtt.port()
              + " ("
              + e.getMessage()
              + "); choose another port with PARKPULSE_GATEWAY_MQTT_PORT",
          e);
    }
    LOG.infof(
        "MQTT gateway listening on %s:%d, telemetry to park '%s' via Kafka %s",
        mqtt.host(), mqttPort, config.park(), config.kafka().bootstrapServers());
  }

  void stop(@Observes ShutdownEvent event) throws Exception {
    if (gateway != null) {
      gateway.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (sink != null) {
      sink.close();
    }
  }

  /** The port MQTT listens on, or -1 before start. */
  public int mqttPort() {
    return mqttPort;
  }

  /** Whether MQTT accepts connections. */
  public boolean isListening() {
    return gateway != null && gateway.isListening();
  }
}
