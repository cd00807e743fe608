package io.parkpulse.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Something that happened to a device, on {@code parkpulse.{park}.events.v1} keyed {@code
 * {enterprise}/{device}}: the gateway reports {@value #CONNECTED}, {@value #DISCONNECTED} (the
 * device said goodbye) and {@value #CONNECTION_LOST} (it did not), so that the platform knows who
 * is online; for Sparkplug B edge nodes and the devices behind them also {@value #BIRTH} (the node
 * or device announced itself and is online) and {@value #DEATH} (it is offline). Devices publish
 * their own events (a door opened, a batch finished) on MQTT {@code event}, as {@code {"type": ...,
 * "ts": ..., "attributes": {...}}} or an array of those.
 *
 * @param park the device's park
 * @param device the device
 * @param type what happened: lowercase words joined by {@code -} or {@code .}
 * @param ts when it happened
 * @param attributes details, metric-like values (number, string or boolean)
 */
public record DeviceEvent(
    String park, DeviceRef device, String type, Instant ts, Map<String, Object> attributes) {

  public static final String CONNECTED = "connected";
  public static final String DISCONNECTED = "disconnected";
  public static final String CONNECTION_LOST = "connection-lost";
  public static final String BIRTH = "birth";
  public static final String DEATH = "death";

  /** Types only the gateway reports; a device cannot publish them. */
  public static final Set<String> GATEWAY_TYPES =
      Set.of(CONNECTED, DISCONNECTED, CONNECTION_LOST, BIRTH, DEATH);

  /** Whether an event of {@code type} reported by the gateway says that the device is online. */
  public static boolean saysOnline(String type) {
    return CONNECTED.equals(type) || BIRTH.equals(type);
  }

  /** Event types: lowercase letters, digits, {@code -} and {@code .}, 1 to 64 characters. */
  public static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

  public DeviceEvent {
    Ids.require(park, "park");
    Objects.requireNonNull(device, "device");
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("event type '" + type + "' must match " + TYPE.pattern());
    }
    Objects.requireNonNull(ts, "ts");
    attributes = Map.copyOf(attributes);
  }
}
