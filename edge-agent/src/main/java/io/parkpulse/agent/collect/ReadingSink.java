package io.parkpulse.agent.collect;

import io.parkpulse.model.DeviceRef;
import java.time.Instant;
import java.util.Map;

/** Where collectors hand their readings: the agent stores each one before it is sent. */
@FunctionalInterface
public interface ReadingSink {

  /**
   * Takes one reading of {@code device}.
   *
   * @param ts when the values were read (or, for subscriptions, sampled)
   * @param metrics point name to value: a number, a string or a boolean
   */
  void take(DeviceRef device, Instant ts, Map<String, Object> metrics);
}
