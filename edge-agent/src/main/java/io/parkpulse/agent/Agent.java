package io.parkpulse.agent;

import io.parkpulse.agent.mqtt.GatewayConnection;
import io.parkpulse.agent.simulator.SimulatedMachine;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Takes a reading of the device's machine every interval and publishes it to the gateway on {@code
 * telemetry}, waiting for the gateway's acknowledgement before the next one.
 */
public final class Agent implements Runnable {

  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  private final AgentConfig config;
  private final SimulatedMachine machine;
  private final SeqCounter seq;
  private final TelemetryCodec codec = new TelemetryCodec();
  private final Clock clock;
  private volatile long published;

  public Agent(AgentConfig config, Clock clock) {
    this.config = config;
    this.machine = new SimulatedMachine(config.seed());
    this.seq = new SeqCounter(config.stateDir().resolve(config.device().device() + ".seq"));
    this.clock = clock;
  }

  @Override
  public void run() {
    try (GatewayConnection gateway =
        new GatewayConnection(config.gatewayUri(), config.device(), config.secret())) {
      while (!Thread.currentThread().isInterrupted()
          && (config.maxReadings() == 0 || published < config.maxReadings())) {
        Instant started = clock.instant();
        Map<String, Object> metrics = machine.advance(config.interval());
        Reading reading = new Reading(seq.next(), started, metrics);
        gateway.publish("telemetry", codec.encodeDevicePayload(List.of(reading)));
        published++;
        Duration spent = Duration.between(started, clock.instant());
        Thread.sleep(Math.max(0, config.interval().minus(spent).toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (MqttException e) {
      LOG.severe(config.device().username() + ": cannot create the MQTT client: " + e);
    }
  }

  /** Readings the gateway has acknowledged so far. */
  public long published() {
    return published;
  }
}
