package io.parkpulse.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's answer to a {@link CommandRequest}, on {@code parkpulse.{park}.command-responses.v1}
 * keyed {@code {enterprise}/{device}}: the device published it on MQTT {@code
 * command///res/{requestId}/{status}}, the gateway wrote it with the identity it authenticated.
 *
 * @param park the device's park
 * @param device the device that answered
 * @param requestId the request answered
 * @param status an HTTP-like status, 100 to 599: {@code 200} done, {@code 4xx} refused, {@code 5xx}
 *     failed
 * @param payload the answer: one JSON value, as JSON text ({@code null} if the device sent none)
 * @param at when the gateway received the answer
 */
public record CommandResponse(
    String park, DeviceRef device, String requestId, int status, String payload, Instant at) {

  public CommandResponse {
    Ids.require(park, "park");
    Objects.requireNonNull(device, "device");
    CommandRequest.requireRequestId(requestId);
    if (!isStatus(status)) {
      throw new IllegalArgumentException("status " + status + " must be 100 to 599");
    }
    payload = JsonValues.require(payload, "payload");
    Objects.requireNonNull(at, "at");
  }

  /** Whether {@code status} is a valid answer status, 100 to 599. */
  public static boolean isStatus(int status) {
    return status >= 100 && status <= 599;
  }
}
