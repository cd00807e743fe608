package io.parkpulse.gateway;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/**
 * Ends a test client's connection without a DISCONNECT packet, as if the device lost power, and
 * closes the client.
 */
final class PowerCut {

  private PowerCut() {}

  /**
   * Cuts {@code client}'s connection and closes it. Paho's own teardown may race with an
   * acknowledgement still arriving and throw (a {@code NullPointerException} in its receiver
   * thread, seen once in CI): the connection is cut either way, which is all the tests need.
   */
  static void cut(MqttAsyncClient client) {
    try {
      client.disconnectForcibly(0, 1_000, false);
    } catch (Exception pahoTeardown) {
      // cut either way
    }
    try {
      client.close(true);
    } catch (Exception pahoTeardown) {
      // closed either way
    }
  }
}
