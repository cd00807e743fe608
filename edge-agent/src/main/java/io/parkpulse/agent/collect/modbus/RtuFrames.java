package io.parkpulse.agent.collect.modbus;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.util.ModbusUtil;
import io.parkpulse.agent.collect.serial.RefusedException;
import io.parkpulse.agent.collect.serial.SerialLink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Modbus RTU framing over a {@link SerialLink}: the unit address, j2mod's request (function code
 * and data), and the CRC-16, low byte first. The answer is read by length, not by silence: after
 * the unit and function code, the function code says how much follows (a byte count for reads, four
 * bytes for single and multiple writes, one exception code after function code | 0x80).
 */
final class RtuFrames {

  private RtuFrames() {}

  /**
   * Sends {@code request} to {@code unit} and reads its answer.
   *
   * @param request a j2mod request: its function code and data are what is sent
   * @param timeoutMillis the line's timeout, for messages
   * @return j2mod's response, read from the answer's function code and data
   * @throws Refused if the unit answered with an exception code
   * @throws IOException if it did not answer, or answered garbage (a wrong unit, function code,
   *     byte count or CRC)
   */
  static ModbusResponse exchange(
      SerialLink link, int unit, ModbusRequest request, long timeoutMillis) throws IOException {
    byte[] frame = frame(unit, request);
    OutputStream out = link.output();
    out.write(frame);
    out.flush();

    InputStream in = link.input();
    byte[] head = new byte[3];
    read(in, head, 0, 3, unit, timeoutMillis);
    int function = request.getFunctionCode();
    if ((head[0] & 0xFF) != unit) {
      throw new IOException(
          "an answer from unit " + (head[0] & 0xFF) + " to a request for unit " + unit);
    }
    int answered = head[1] & 0xFF;
    int length;
    if (answered == (function | 0x80)) {
      length = 5;
    } else if (answered != function) {
      throw new IOException(
          "unit " + unit + " answered function " + answered + " to function " + function);
    } else if (function <= 4) {
      length = 3 + (head[2] & 0xFF) + 2;
    } else {
      length = 8;
    }
    byte[] answer = Arrays.copyOf(head, length);
    read(in, answer, 3, length - 3, unit, timeoutMillis);
    int[] crc = ModbusUtil.calculateCRC(answer, 0, length - 2);
    if ((answer[length - 2] & 0xFF) != crc[0] || (answer[length - 1] & 0xFF) != crc[1]) {
      throw new IOException(
          "CRC error in the answer of unit "
              + unit
              + " ("
              + HexFormat.ofDelimiter(" ").formatHex(answer)
              + "); check for noise on the line, its termination and that every device uses the"
              + " same baud rate and parity");
    }
    if (answered != function) {
      throw new Refused(unit, answer[2] & 0xFF);
    }
    ModbusResponse response = request.getResponse();
    response.setHeadless();
    response.readFrom(new DataInputStream(new ByteArrayInputStream(answer, 0, length - 2)));
    return response;
  }

  /** The request as it goes on the line: unit, function code, data, CRC low byte first. */
  static byte[] frame(int unit, ModbusRequest request) throws IOException {
    request.setHeadless();
    request.setUnitID(unit);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    request.writeTo(new DataOutputStream(bytes));
    return withCrc(bytes.toByteArray());
  }

  /** {@code pdu} with its CRC-16 appended, low byte first. */
  static byte[] withCrc(byte[] frame) {
    int[] crc = ModbusUtil.calculateCRC(frame, 0, frame.length);
    byte[] out = Arrays.copyOf(frame, frame.length + 2);
    out[frame.length] = (byte) crc[0];
    out[frame.length + 1] = (byte) crc[1];
    return out;
  }

  private static void read(
      InputStream in, byte[] buffer, int offset, int length, int unit, long timeoutMillis)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n;
      try {
        n = in.read(buffer, offset + done, length - done);
      } catch (InterruptedIOException e) {
        n = 0;
      }
      if (n <= 0) {
        int got = offset + done;
        throw new IOException(
            got == 0
                ? "no answer from unit " + unit + " within " + timeoutMillis + " ms"
                : "the answer of unit " + unit + " stopped after " + got + " bytes");
      }
      done += n;
    }
  }

  /** The unit answered with an exception code: it is on the line, and refused the request. */
  static final class Refused extends RefusedException {
    private static final long serialVersionUID = 1L;

    final int unit;
    final int code;

    Refused(int unit, int code) {
      super("unit " + unit + " answered " + new ModbusSlaveException(code).getMessage());
      this.unit = unit;
      this.code = code;
    }
  }
}
