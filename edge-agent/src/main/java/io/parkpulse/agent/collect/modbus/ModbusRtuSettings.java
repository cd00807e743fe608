package io.parkpulse.agent.collect.modbus;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Group;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.model.DeviceRef;
import java.util.List;

/**
 * One Modbus RTU device on a serial bus, as the configuration names it. Its points are written as a
 * Modbus TCP device's are.
 *
 * @param device the ParkPulse device its readings belong to
 * @param bus the name of the bus (the serial line) it is on
 * @param line the bus's line settings
 * @param unitId its unit (slave) address on the bus, 1 to 247
 * @param groups points polled together, each group at its own interval
 */
public record ModbusRtuSettings(
    DeviceRef device, String bus, SerialSettings line, int unitId, List<Group> groups)
    implements CollectorSettings {

  public ModbusRtuSettings {
    groups = List.copyOf(groups);
  }
}
