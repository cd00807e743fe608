package io.parkpulse.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON of {@link CommandRequest} on {@code parkpulse.{park}.commands.v1}, as described by {@code
 * schemas/command-request.v1.json}. The payload is written and read back as the JSON text it is,
 * not re-encoded. Thread-safe.
 */
public final class CommandRequestCodec {

  private final CommandJson json = new CommandJson(new ObjectMapper());

  /** Encodes a request. */
  public byte[] encode(CommandRequest request) {
    ObjectNode node = json.object(request.park(), request.device());
    node.put("requestId", request.requestId());
    node.put("name", request.name());
    CommandJson.putPayload(node, request.payload());
    node.put("expiresAt", request.expiresAt().toString());
    return json.write(node);
  }

  /**
   * Decodes a request.
   *
   * @throws InvalidPayloadException saying what is wrong, if the value is not a command request
   */
  public CommandRequest decode(byte[] value) throws InvalidPayloadException {
    CommandJson.Fields fields = json.read(value, "command request");
    try {
      return new CommandRequest(
          fields.text("park"),
          fields.device(),
          fields.text("requestId"),
          fields.text("name"),
          fields.requiredPayload(),
          fields.instant("expiresAt"));
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException("invalid command request: " + e.getMessage(), e);
    }
  }
}
