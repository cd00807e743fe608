package io.parkpulse.agent.collect.gnss;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.model.DeviceRef;
import java.time.Duration;

/**
 * A GNSS (BeiDou, GPS) receiver that sends NMEA 0183 sentences, as the configuration names it.
 *
 * @param device the ParkPulse device its readings belong to, e.g. the forklift
 * @param line the receiver's serial line: a local port, or a TCP address that serves the sentences
 *     (a serial server, or a receiver with a TCP output)
 * @param interval the least time between two readings while moving
 * @param minMoveMetres how far from the last published position counts as moving
 * @param stillEvery the time between readings while still (or without a fix)
 */
public record GnssSettings(
    DeviceRef device,
    SerialSettings line,
    Duration interval,
    double minMoveMetres,
    Duration stillEvery)
    implements CollectorSettings {}
