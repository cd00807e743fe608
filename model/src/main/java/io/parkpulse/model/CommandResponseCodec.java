package io.parkpulse.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * JSON of {@link CommandResponse} on {@code parkpulse.{park}.command-responses.v1}, as described by
 * {@code schemas/command-response.v1.json}; and the answer as a device publishes it. Thread-safe.
 */
public final class CommandResponseCodec {

  private final CommandJson json = new CommandJson(new ObjectMapper());

  /**
   * The response that {@code device} of {@code park} published on MQTT {@code
   * command///res/{requestId}/{status}} with {@code payload}, received at {@code at}: its payload
   * is one JSON value in UTF-8, or empty for none ({@code null}).
   *
   * @throws InvalidPayloadException if the payload is not JSON
   */
  public CommandResponse fromDevice(
      String park, DeviceRef device, String requestId, int status, byte[] payload, Instant at)
      throws InvalidPayloadException {
    String text;
    try {
      text =
          payload == null || payload.length == 0
              ? "null"
              : StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidPayloadException("command response payload is not UTF-8 text", e);
    }
    try {
      return new CommandResponse(park, device, requestId, status, text, at);
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException("invalid command response: " + e.getMessage(), e);
    }
  }

  /** Encodes a response. */
  public byte[] encode(CommandResponse response) {
    ObjectNode node = json.object(response.park(), response.device());
    node.put("requestId", response.requestId());
    node.put("status", response.status());
    CommandJson.putPayload(node, response.payload());
    node.put("at", response.at().toString());
    return json.write(node);
  }

  /**
   * Decodes a response.
   *
   * @throws InvalidPayloadException saying what is wrong, if the value is not a command response
   */
  public CommandResponse decode(byte[] value) throws InvalidPayloadException {
    CommandJson.Fields fields = json.read(value, "command response");
    try {
      JsonNode status = fields.fields().get("status");
      if (status == null || !status.isInt()) {
        throw new IllegalArgumentException("status must be an integer, 100 to 599");
      }
      return new CommandResponse(
          fields.text("park"),
          fields.device(),
          fields.text("requestId"),
          status.asInt(),
          fields.requiredPayload(),
          fields.instant("at"));
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException("invalid command response: " + e.getMessage(), e);
    }
  }
}
