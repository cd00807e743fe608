package io.parkpulse.devstack.demo;

import io.parkpulse.devstack.Ports;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Chooses the demo's ports. A port set by its environment variable must be free, or the demo stops
 * and says so. A default port that another program holds (Mosquitto on 1883 is the common case)
 * moves to the next free one above it, and the demo says which it took.
 */
final class DemoPorts {

  /** How far above its default a port may move before the demo gives up. */
  static final int SEARCH = 100;

  private final Map<String, String> env;
  private final IntPredicate taken;
  private final Set<Integer> chosen = new HashSet<>();

  DemoPorts(Map<String, String> env, IntPredicate taken) {
    this.env = env;
    this.taken = taken;
  }

  /** On this machine: a port is taken when nothing may bind it. */
  static DemoPorts onThisMachine(Map<String, String> env) {
    return new DemoPorts(env, Ports::isTaken);
  }

  /** A port chosen for one service, and whether it moved away from its default. */
  record Choice(int port, int fallback, String what, String variable) {
    boolean moved() {
      return port != fallback;
    }

    String notice() {
      return "Port "
          + fallback
          + " for "
          + what
          + " is in use by another program; the demo takes "
          + port
          + " instead (set "
          + variable
          + " to choose).";
    }
  }

  /**
   * The port of {@code what}: the one {@code variable} names, which must be free, or the first free
   * one from {@code fallback} upwards that no other service of the demo has taken.
   *
   * @throws Ports.PortTakenException if the named port is taken, or no port near the default is
   *     free
   * @throws IllegalStateException if the variable is not a port number
   */
  Choice choose(String variable, int fallback, String what) {
    String value = env.get(variable);
    if (value != null && !value.isBlank()) {
      int port = parse(variable, value.trim());
      if (taken.test(port) || chosen.contains(port)) {
        throw new Ports.PortTakenException(
            "Port "
                + port
                + " for "
                + what
                + ", set by "
                + variable
                + ", is already in use. Stop the program that holds it, or choose another port: "
                + variable
                + "=<port> ./parkpulse demo");
      }
      chosen.add(port);
      return new Choice(port, port, what, variable);
    }
    for (int port = fallback; port <= Math.min(fallback + SEARCH, 65535); port++) {
      if (!chosen.contains(port) && !taken.test(port)) {
        chosen.add(port);
        return new Choice(port, fallback, what, variable);
      }
    }
    throw new Ports.PortTakenException(
        "Ports "
            + fallback
            + " to "
            + (fallback + SEARCH)
            + " for "
            + what
            + " are all in use. Choose a free one: "
            + variable
            + "=<port> ./parkpulse demo");
  }

  private static int parse(String variable, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(variable + "='" + value + "' is not a port number");
    }
  }
}
