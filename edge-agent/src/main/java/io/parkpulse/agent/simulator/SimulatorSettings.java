package io.parkpulse.agent.simulator;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.model.DeviceRef;
import java.time.Duration;

/**
 * A simulated machine, for demos and tests.
 *
 * @param device the device its readings belong to
 * @param interval time between readings
 * @param seed the machine's seed: the same seed gives the same machine
 * @param maxReadings stop once the device's sequence number reaches this; 0 never stops
 */
public record SimulatorSettings(DeviceRef device, Duration interval, long seed, long maxReadings)
    implements CollectorSettings {}
