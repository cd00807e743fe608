package io.parkpulse.gateway;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/** Ends a test client's connection without a DISCONNECT packet, as if the device lost power. */
final class PowerCut {

  private PowerCut() {}

  /**
   * Cuts {@code client}'s connection. The client is not closed: Paho's close empties its token
   * store while its receiver thread may still be handling an acknowledgement that arrived just
   * before the cut, and that thread then fails with a {@code NullPointerException} (seen twice in
   * CI). A disconnected client holds no connection; its threads end with the connection.
   */
  static void cut(MqttAsyncClient client) {
    try {
      client.disconnectForcibly(0, 1_000, false);
    } catch (Exception pahoTeardown) {
      // cut either way
    }
  }
}
