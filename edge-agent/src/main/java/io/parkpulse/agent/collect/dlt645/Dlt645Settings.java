package io.parkpulse.agent.collect.dlt645;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.model.DeviceRef;
import java.time.Duration;
import java.util.List;

/**
 * One DL/T 645-2007 meter on a serial bus, as the configuration names it.
 *
 * @param device the ParkPulse device its readings belong to
 * @param bus the name of the bus (the serial line) it is on
 * @param line the bus's line settings
 * @param address its address, as on the nameplate
 * @param interval how often its points are read, all in one reading
 * @param points what is read
 */
public record Dlt645Settings(
    DeviceRef device,
    String bus,
    SerialSettings line,
    MeterAddress address,
    Duration interval,
    List<Point> points)
    implements CollectorSettings {

  public Dlt645Settings {
    points = List.copyOf(points);
  }

  /**
   * One value of the meter.
   *
   * @param spec its name, unit and kind (by default the identifier's)
   * @param data the data identifier read
   */
  public record Point(PointSpec spec, DataId data) {}
}
