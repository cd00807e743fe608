package io.parkpulse.agent.mqtt;

import io.parkpulse.model.DeviceRef;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The device's MQTT connection to the gateway. {@link #publish} returns only once the gateway
 * acknowledged the message (QoS 1), reconnecting with backoff as often as it takes.
 */
public final class GatewayConnection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(GatewayConnection.class.getName());
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final MqttClient client;
  private final MqttConnectOptions options;
  private final DeviceRef device;

  public GatewayConnection(String uri, DeviceRef device, String secret) throws MqttException {
    this.device = device;
    this.client = new MqttClient(uri, device.username(), new MemoryPersistence());
    this.client.setTimeToWait(30_000);
    this.options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(device.username());
    options.setPassword(secret.toCharArray());
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
  }

  /**
   * Publishes {@code payload} on {@code topic} with QoS 1 and waits for the PUBACK.
   *
   * @throws InterruptedException if the agent is stopped while it waits for the gateway
   */
  public void publish(String topic, byte[] payload) throws InterruptedException {
    Duration backoff = Duration.ofMillis(250);
    while (true) {
      try {
        if (!client.isConnected()) {
          client.connect(options);
          LOG.info(device.username() + " connected to " + client.getServerURI());
        }
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        client.publish(topic, message);
        return;
      } catch (MqttException e) {
        LOG.warning(
            device.username() + ": " + describe(e) + "; retrying in " + backoff.toMillis() + " ms");
        disconnectQuietly();
        Thread.sleep(backoff.toMillis() + (long) (Math.random() * backoff.toMillis() / 2));
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  @Override
  public void close() {
    disconnectQuietly();
    try {
      client.close();
    } catch (MqttException e) {
      LOG.fine("closing the MQTT client failed: " + e);
    }
  }

  private void disconnectQuietly() {
    try {
      if (client.isConnected()) {
        client.disconnect(2_000);
      }
    } catch (MqttException e) {
      LOG.fine("disconnect failed: " + e);
    }
  }

  private static String describe(MqttException e) {
    return switch (e.getReasonCode()) {
      case MqttException.REASON_CODE_FAILED_AUTHENTICATION,
          MqttException.REASON_CODE_NOT_AUTHORIZED ->
          "the gateway refused the device credentials (check device.id, device.enterprise and"
              + " device.secret)";
      case MqttException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot reach the gateway";
      default -> e.getMessage() + " (MQTT reason " + e.getReasonCode() + ")";
    };
  }
}
