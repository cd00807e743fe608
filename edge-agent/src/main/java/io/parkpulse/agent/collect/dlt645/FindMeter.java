package io.parkpulse.agent.collect.dlt645;

import io.parkpulse.agent.collect.serial.SerialLink;
import io.parkpulse.agent.collect.serial.SerialSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code parkpulse-agent find-meter --port /dev/ttyUSB0} (or {@code --tcp host:port}): asks the one
 * DL/T 645 meter wired to a line for its address, with the broadcast address, and prints the {@code
 * dlt645} lines to put in agent.yaml. For the meter whose nameplate cannot be read: wire it alone
 * to the line (with several, the answers collide).
 */
public final class FindMeter {

  public static final String USAGE =
      "usage: parkpulse-agent find-meter --port /dev/ttyUSB0 | --tcp host:port"
          + " [--baud 2400] [--parity even|odd|none]";

  private FindMeter() {}

  /**
   * Runs the command.
   *
   * @param args the arguments after {@code find-meter}
   * @return the exit status: 0 found, 1 no meter answered, 2 wrong arguments
   */
  public static int run(List<String> args, PrintStream out) {
    String port = null;
    String tcp = null;
    int baud = 2400;
    SerialSettings.Parity parity = SerialSettings.Parity.EVEN;
    try {
      for (int i = 0; i < args.size(); i++) {
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        switch (args.get(i)) {
          case "--port" -> port = required(value, "--port");
          case "--tcp" -> tcp = required(value, "--tcp");
          case "--baud" -> baud = Integer.parseInt(required(value, "--baud"));
          case "--parity" ->
              parity =
                  SerialSettings.Parity.valueOf(
                      required(value, "--parity").toUpperCase(Locale.ROOT));
          default -> throw new IllegalArgumentException("unknown option " + args.get(i));
        }
        i++;
      }
      if ((port == null) == (tcp == null)) {
        throw new IllegalArgumentException("give --port or --tcp");
      }
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println(USAGE);
      return 2;
    }
    String host = null;
    int tcpPort = 0;
    if (tcp != null) {
      int colon = tcp.lastIndexOf(':');
      try {
        host = tcp.substring(0, Math.max(0, colon));
        tcpPort = Integer.parseInt(tcp.substring(colon + 1));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        out.println("--tcp is '" + tcp + "'; write the serial server's host:port");
        return 2;
      }
    }
    SerialSettings line =
        new SerialSettings(
            port, host, tcpPort, baud, 8, parity, 1, Duration.ofSeconds(2), Duration.ofMillis(20));
    try (SerialLink link = SerialLink.open(line)) {
      MeterAddress address = new Dlt645Client(link).discoverAddress();
      out.println("meter " + address + " answered on " + line.describe() + "; in agent.yaml:");
      out.println("  - device: meter-" + address.toString().replaceFirst("^0+(?=.)", ""));
      out.println("    dlt645:");
      out.println("      bus: <the bus of " + line.describe() + ">");
      out.println("      address: \"" + address + "\"");
      out.println("      points: [ { data: \"00000000\" } ]");
      return 0;
    } catch (IOException | ErrorAnswerException e) {
      out.println("no meter address: " + e.getMessage());
      out.println(
          "check that one meter only is wired to the line, its A/B wires, and its baud rate and"
              + " parity (DL/T 645-2007 meters: 2400 baud, even; some 1200 or 9600)");
      return 1;
    }
  }

  private static String required(String value, String option) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
