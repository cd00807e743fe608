package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.ParkTopic;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MQTT packets do not follow TCP segments: a device's stack may put several packets in one write or
 * split one across writes. A raw socket shows that the gateway decodes and acknowledges every
 * packet whatever the boundaries.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RawMqttFramingIT {

  // Below the 50 unacknowledged messages per connection that the test gateway allows.
  private static final int MESSAGES = 40;

  @Inject GatewayLifecycle gateway;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @Test
  void acknowledgesEveryMessageWhateverTheTcpSegmentBoundaries() throws Exception {
    TestDevices.register(gateway.registry(), "raw-01@acme", GatewayTestResource.PARK);
    List<byte[]> publishes = new ArrayList<>();
    for (int id = 1; id <= MESSAGES; id++) {
      String json =
          "{\"seq\":"
              + id
              + ",\"ts\":\"2026-11-29T03:00:00Z\",\"metrics\":{\"pad\":\""
              + "x".repeat(150)
              + "\"}}";
      publishes.add(publishQos1("telemetry", id, json.getBytes(UTF_8)));
    }

    try (Socket socket = new Socket("127.0.0.1", gateway.mqttPort())) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      out.write(connect("raw-01-client", "raw-01@acme", TestDevices.SECRET));
      byte[] connack = new byte[4];
      in.readFully(connack);
      assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);

      // Groups of 10 packets in one write, the next packet cut inside its variable header, and a
      // pause so that the gateway reads the cut on its own: the decoder must wait for the rest.
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      for (int i = 0; i < MESSAGES; i++) {
        byte[] packet = publishes.get(i);
        if (i % 10 == 9) {
          pending.write(packet, 0, 5);
          out.write(pending.toByteArray());
          out.flush();
          Thread.sleep(20);
          pending.reset();
          pending.write(packet, 5, packet.length - 5);
        } else {
          pending.write(packet);
        }
      }
      out.write(pending.toByteArray());
      out.flush();

      for (int id = 1; id <= MESSAGES; id++) {
        byte[] puback = new byte[4];
        in.readFully(puback);
        assertThat(puback).containsExactly(0x40, 0x02, id >> 8, id & 0xFF);
      }
    }
    String telemetry = ParkTopic.telemetry(GatewayTestResource.PARK).name();
    assertThat(TopicReader.readAll(telemetry, "acme/raw-01")).hasSize(MESSAGES);
  }

  private static byte[] connect(String clientId, String username, String password)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(string("MQTT"));
    body.write(4); // protocol level 3.1.1
    body.write(0xC2); // username, password, clean session
    body.write(new byte[] {0, 60}); // keep alive
    body.write(string(clientId));
    body.write(string(username));
    body.write(string(password));
    return packet(0x10, body.toByteArray());
  }

  private static byte[] publishQos1(String topic, int packetId, byte[] payload) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(string(topic));
    body.write(new byte[] {(byte) (packetId >> 8), (byte) packetId});
    body.write(payload);
    return packet(0x32, body.toByteArray());
  }

  private static byte[] string(String value) {
    byte[] bytes = value.getBytes(UTF_8);
    byte[] encoded = new byte[bytes.length + 2];
    encoded[0] = (byte) (bytes.length >> 8);
    encoded[1] = (byte) bytes.length;
    System.arraycopy(bytes, 0, encoded, 2, bytes.length);
    return encoded;
  }

  private static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    int remaining = body.length;
    do {
      int digit = remaining % 128;
      remaining /= 128;
      out.write(remaining > 0 ? digit | 0x80 : digit);
    } while (remaining > 0);
    out.writeBytes(body);
    return out.toByteArray();
  }
}
