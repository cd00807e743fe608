package io.parkpulse.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command for a device, on {@code parkpulse.{park}.commands.v1} keyed {@code
 * {enterprise}/{device}}: the platform writes it, the gateway that holds the device's connection
 * delivers it on MQTT {@code command///req/{requestId}/{name}} with the payload as the message, and
 * the device answers on {@code command///res/{requestId}/{status}} ({@link CommandResponse}).
 *
 * @param park the device's park
 * @param device the device the command is for
 * @param requestId what the answer refers to: {@value #REQUEST_ID_PATTERN}, safe as an MQTT topic
 *     level
 * @param name the command, a lowercase word: {@value #NAME_PATTERN}
 * @param payload the command's arguments: one JSON value (usually an object), as JSON text
 * @param expiresAt after this the command is not delivered any more: nobody waits for the answer
 */
public record CommandRequest(
    String park,
    DeviceRef device,
    String requestId,
    String name,
    String payload,
    Instant expiresAt) {

  /** Request ids: letters, digits, {@code _} and {@code -}, 1 to 64 characters. */
  public static final String REQUEST_ID_PATTERN = "[A-Za-z0-9_-]{1,64}";

  /** Command names: lowercase letters, digits and {@code -}, 1 to 64 characters. */
  public static final String NAME_PATTERN = "[a-z][a-z0-9-]{0,63}";

  /** Largest payload, in bytes of its JSON text. */
  public static final int MAX_PAYLOAD_BYTES = 65_536;

  private static final Pattern REQUEST_ID = Pattern.compile(REQUEST_ID_PATTERN);
  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

  public CommandRequest {
    Ids.require(park, "park");
    Objects.requireNonNull(device, "device");
    requireRequestId(requestId);
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("command name '" + name + "' must match " + NAME_PATTERN);
    }
    payload = JsonValues.require(payload, "payload");
    if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "payload is larger than " + MAX_PAYLOAD_BYTES + " bytes of JSON");
    }
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether {@code id} may be a request id. */
  public static boolean isRequestId(String id) {
    return id != null && REQUEST_ID.matcher(id).matches();
  }

  /** Whether {@code name} may be a command name. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  static String requireRequestId(String requestId) {
    if (!isRequestId(requestId)) {
      throw new IllegalArgumentException(
          "request id '" + requestId + "' must match " + REQUEST_ID_PATTERN);
    }
    return requestId;
  }

  /** Whether the command has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The MQTT topic the command is delivered on: {@code command///req/{requestId}/{name}}. */
  public String mqttTopic() {
    return "command///req/" + requestId + "/" + name;
  }

  /**
   * The MQTT topic of the command for a gateway device that fronts the device: {@code
   * command//{device}/req/{requestId}/{name}}.
   */
  public String mqttTopicViaGateway() {
    return "command//" + device.device() + "/req/" + requestId + "/" + name;
  }

  /** The payload as the MQTT message carries it: its JSON text in UTF-8. */
  public byte[] payloadBytes() {
    return payload.getBytes(StandardCharsets.UTF_8);
  }
}
