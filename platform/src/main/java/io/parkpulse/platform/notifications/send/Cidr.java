package io.parkpulse.platform.notifications.send;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** A network in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}), IPv4 or IPv6. */
record Cidr(byte[] network, int prefix) {

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  /**
   * @throws IllegalArgumentException if {@code text} is not an address, a slash and a prefix length
   *     that fits it
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a network in CIDR notation, such as 10.20.0.0/16");
    }
    String host = text.substring(0, slash);
    if (!isLiteral(host)) {
      throw new IllegalArgumentException("'" + text + "': '" + host + "' is not an IP address");
    }
    byte[] network = address(host).getAddress();
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException(
          "'" + text + "': the prefix length must be 0 to " + network.length * 8);
    }
    return new Cidr(network, prefix);
  }

  /** Whether {@code host} is an IPv4 address in dotted decimal or an IPv6 address. */
  static boolean isLiteral(String host) {
    return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
  }

  /** The address {@code literal} writes out; never a lookup. */
  static InetAddress address(String literal) {
    if (!isLiteral(literal)) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address");
    }
    try {
      // A literal is parsed, never looked up.
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }

  /** Whether {@code a} is in this network; an IPv4 address is never in an IPv6 one, nor back. */
  boolean contains(InetAddress a) {
    byte[] bytes = a.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (bytes[whole] & mask) == (network[whole] & mask);
  }
}
