package io.parkpulse.gateway.commands;

import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.DeviceRef;

/** The connections of this gateway, as the command consumer sees them. */
public interface CommandRouter {

  /** What became of a command handed to {@link #deliver}. */
  enum Delivery {
    /** Published to the device's connection. */
    DELIVERED,
    /** The device is connected here but has not subscribed to {@code command///req/#}. */
    NOT_SUBSCRIBED,
    /** The device is not connected here (it may be connected to another gateway). */
    NOT_CONNECTED
  }

  /** Whether {@code device} is connected to this gateway. */
  boolean holds(DeviceRef device);

  /** Publishes {@code request} to its device's connection, if it is connected here. */
  Delivery deliver(CommandRequest request);
}
