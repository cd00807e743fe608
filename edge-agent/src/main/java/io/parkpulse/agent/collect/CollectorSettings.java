package io.parkpulse.agent.collect;

import io.parkpulse.model.DeviceRef;

/** What every machine's configuration has: the ParkPulse device its readings belong to. */
public interface CollectorSettings {

  /** The device the readings belong to. */
  DeviceRef device();
}
