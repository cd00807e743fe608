package io.parkpulse.agent;

import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.dlt645.Dlt645Collector;
import io.parkpulse.agent.collect.dlt645.Dlt645Settings;
import io.parkpulse.agent.collect.gnss.GnssCollector;
import io.parkpulse.agent.collect.gnss.GnssSettings;
import io.parkpulse.agent.collect.modbus.ModbusCollector;
import io.parkpulse.agent.collect.modbus.ModbusRtuCollector;
import io.parkpulse.agent.collect.modbus.ModbusRtuSettings;
import io.parkpulse.agent.collect.modbus.ModbusSettings;
import io.parkpulse.agent.collect.opcua.OpcUaCollector;
import io.parkpulse.agent.collect.opcua.OpcUaSettings;
import io.parkpulse.agent.collect.serial.Buses;
import io.parkpulse.agent.simulator.SimulatorCollector;
import io.parkpulse.agent.simulator.SimulatorSettings;
import io.parkpulse.agent.store.ReadingStore;
import java.nio.file.Path;

/** Makes the collector each configured machine needs. */
final class Collectors {

  private Collectors() {}

  static Collector of(CollectorSettings machine, ReadingStore store, Path stateDir) {
    if (machine instanceof SimulatorSettings simulator) {
      return new SimulatorCollector(
          simulator, () -> store == null ? 0 : store.lastSeq(simulator.device().kafkaKey()));
    }
    if (machine instanceof ModbusSettings modbus) {
      return new ModbusCollector(modbus);
    }
    if (machine instanceof ModbusRtuSettings rtu) {
      return new ModbusRtuCollector(rtu, Buses.shared());
    }
    if (machine instanceof Dlt645Settings meter) {
      return new Dlt645Collector(meter, Buses.shared());
    }
    if (machine instanceof OpcUaSettings opcua) {
      return new OpcUaCollector(opcua, stateDir.resolve("pki"));
    }
    if (machine instanceof GnssSettings gnss) {
      return new GnssCollector(gnss);
    }
    throw new IllegalArgumentException("no collector for " + machine.getClass().getSimpleName());
  }
}
