package io.parkpulse.agent.collect.modbus;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import java.io.ByteArrayOutputStream;

/**
 * A test slave's answers from a j2mod process image, byte by byte as the Modbus specification lays
 * them out (function codes 1 to 6 and 16), so that the collector's framing is checked against the
 * specification and not against itself.
 */
final class RtuImage {

  private RtuImage() {}

  /**
   * The answer to {@code frame} (a request with a good CRC), without the CRC.
   *
   * @return the data answered, or an exception answer (function | 0x80, code 1 or 2)
   */
  static byte[] answer(SimpleProcessImage image, int unit, byte[] frame) {
    int function = frame[1] & 0xFF;
    int address = word(frame, 2);
    int count = word(frame, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(unit);
    out.write(function);
    switch (function) {
      case 1, 2 -> {
        int size = function == 1 ? image.getDigitalOutCount() : image.getDigitalInCount();
        if (address + count > size) {
          return exception(unit, function, 2);
        }
        byte[] bits = new byte[(count + 7) / 8];
        for (int i = 0; i < count; i++) {
          boolean set =
              function == 1
                  ? image.getDigitalOut(address + i).isSet()
                  : image.getDigitalIn(address + i).isSet();
          if (set) {
            bits[i / 8] |= (byte) (1 << (i % 8));
          }
        }
        out.write(bits.length);
        out.writeBytes(bits);
      }
      case 3, 4 -> {
        int size = function == 3 ? image.getRegisterCount() : image.getInputRegisterCount();
        if (address + count > size) {
          return exception(unit, function, 2);
        }
        out.write(count * 2);
        for (int i = 0; i < count; i++) {
          int value =
              function == 3
                  ? image.getRegister(address + i).getValue()
                  : image.getInputRegister(address + i).getValue();
          out.write(value >> 8);
          out.write(value);
        }
      }
      case 5 -> {
        if (address >= image.getDigitalOutCount()) {
          return exception(unit, function, 2);
        }
        image.getDigitalOut(address).set(count == 0xFF00);
        out.write(frame, 2, 4);
      }
      case 6 -> {
        if (address >= image.getRegisterCount()) {
          return exception(unit, function, 2);
        }
        image.getRegister(address).setValue(count);
        out.write(frame, 2, 4);
      }
      case 16 -> {
        if (address + count > image.getRegisterCount()) {
          return exception(unit, function, 2);
        }
        for (int i = 0; i < count; i++) {
          image.getRegister(address + i).setValue(word(frame, 7 + 2 * i));
        }
        out.write(frame, 2, 4);
      }
      default -> {
        return exception(unit, function, 1);
      }
    }
    return out.toByteArray();
  }

  private static byte[] exception(int unit, int function, int code) {
    return new byte[] {(byte) unit, (byte) (function | 0x80), (byte) code};
  }

  private static int word(byte[] frame, int at) {
    return (frame[at] & 0xFF) << 8 | frame[at + 1] & 0xFF;
  }
}
