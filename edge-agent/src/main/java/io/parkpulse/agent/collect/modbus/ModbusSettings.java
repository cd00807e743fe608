package io.parkpulse.agent.collect.modbus;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.model.DeviceRef;
import java.time.Duration;
import java.util.List;

/**
 * One Modbus TCP device as the configuration names it.
 *
 * @param device the ParkPulse device its readings belong to
 * @param host its address
 * @param port its port, usually 502
 * @param unitId the Modbus unit (slave) id
 * @param timeout how long one request may take
 * @param groups points polled together, each group at its own interval
 */
public record ModbusSettings(
    DeviceRef device, String host, int port, int unitId, Duration timeout, List<Group> groups)
    implements CollectorSettings {

  public ModbusSettings {
    groups = List.copyOf(groups);
  }

  /** Points read together every {@code interval}; one reading per poll. */
  public record Group(Duration interval, List<Point> points) {
    public Group {
      points = List.copyOf(points);
    }
  }

  /** Which table a point is read from. */
  public enum Area {
    HOLDING_REGISTER,
    INPUT_REGISTER,
    COIL,
    DISCRETE_INPUT
  }

  /** How the register bits are read. {@code BOOL} is for coils and discrete inputs. */
  public enum DataType {
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    FLOAT32(2),
    BOOL(1);

    private final int registers;

    DataType(int registers) {
      this.registers = registers;
    }

    /** Registers (16-bit words) a value takes. */
    public int registers() {
      return registers;
    }
  }

  /**
   * The order of a 32-bit value's bytes, as PLC manuals write it: {@code ABCD} is big-endian (high
   * word first), {@code CDAB} swaps the words, {@code BADC} swaps the bytes in each word, {@code
   * DCBA} is little-endian.
   */
  public enum ByteOrder {
    ABCD,
    CDAB,
    BADC,
    DCBA
  }

  /**
   * One value: {@code value = raw * scale + offset} for numbers.
   *
   * @param spec name, unit and kind
   * @param area the table it is read from
   * @param address the first register or bit, 0-based as on the wire
   * @param type how the raw bits are read
   * @param order byte order of 32-bit types (16-bit types are big-endian, as Modbus defines)
   * @param scale multiplier of the raw number
   * @param offset added after scaling
   */
  public record Point(
      PointSpec spec,
      Area area,
      int address,
      DataType type,
      ByteOrder order,
      double scale,
      double offset) {}
}
