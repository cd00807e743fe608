package io.parkpulse.platform.notifications.send;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where notifications may go. A channel is set by a park operator or an enterprise's admin, and its
 * test shows the receiver's status and answer: a webhook pointed at the platform's own network
 * (loopback, a private or link-local address, a cloud's metadata service) would make the platform a
 * way into it. So an address inside one of the {@link #INTERNAL} networks is refused unless the
 * platform's operator allowed its network ({@code
 * parkpulse.platform.notifications.allowed-networks}), for a park whose own systems receive
 * webhooks on its LAN.
 *
 * <p>An address written in the URL is checked when the channel is saved; a host name is resolved
 * and all its addresses checked before each delivery, since a name can point elsewhere later.
 */
public final class Destinations {

  /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} but in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Networks that are not the Internet: what a notification may not reach unless allowed. */
  static final List<Cidr> INTERNAL =
      List.of(
          Cidr.parse("0.0.0.0/8"), // this network; 0.0.0.0 reaches the local host
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"), // carrier-grade NAT
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"), // link-local, cloud metadata services
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.0.0.0/24"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("198.18.0.0/15"),
          Cidr.parse("224.0.0.0/3"), // multicast and reserved, broadcast
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("fc00::/7"), // unique local
          Cidr.parse("fe80::/10"), // link-local
          Cidr.parse("ff00::/8")); // multicast

  private final List<Cidr> allowed;
  private final List<String> allowedText;
  private final Resolver resolver;

  /**
   * @param allowed networks in CIDR notation ({@code 10.20.0.0/16}) that notifications may reach
   *     although internal
   * @throws IllegalArgumentException if one is not a network in CIDR notation
   */
  public Destinations(List<String> allowed, Resolver resolver) {
    List<Cidr> parsed = new ArrayList<>();
    for (String network : allowed) {
      parsed.add(Cidr.parse(network.strip()));
    }
    this.allowed = List.copyOf(parsed);
    this.allowedText = allowed.stream().map(String::strip).toList();
    this.resolver = resolver;
  }

  public Destinations(List<String> allowed) {
    this(allowed, InetAddress::getAllByName);
  }

  /**
   * Why a channel may not be saved with {@code url}, if its host is an address written out that is
   * internal and not allowed; host names are not resolved here (that blocks) but at delivery.
   */
  public Optional<String> refusalOfLiteral(URI url) {
    String host = hostOf(url);
    if (host == null || !Cidr.isLiteral(host)) {
      return Optional.empty();
    }
    return refusal(host, List.of(Cidr.address(host)));
  }

  /**
   * Why a notification may not be sent to {@code url}: its host resolves to an internal address not
   * allowed. Blocking: resolves the host name.
   *
   * @throws UnknownHostException if the host name does not resolve
   */
  public Optional<String> refusal(URI url) throws UnknownHostException {
    String host = hostOf(url);
    if (host == null) {
      return Optional.of("the URL has no host");
    }
    InetAddress[] addresses =
        Cidr.isLiteral(host) ? new InetAddress[] {Cidr.address(host)} : resolver.resolve(host);
    return refusal(host, List.of(addresses));
  }

  private Optional<String> refusal(String host, List<InetAddress> addresses) {
    List<InetAddress> reached = new ArrayList<>();
    for (InetAddress a : addresses) {
      reached.add(a);
      embeddedIpv4(a).ifPresent(reached::add);
    }
    for (InetAddress a : reached) {
      if (INTERNAL.stream().anyMatch(n -> n.contains(a))
          && allowed.stream().noneMatch(n -> n.contains(a))) {
        String shown = a.getHostAddress();
        return Optional.of(
            (host.equals(shown) ? shown : host + " (" + shown + ")")
                + " is an internal address: notifications may not reach the platform's own"
                + " network unless its operator allows that network"
                + " (parkpulse.platform.notifications.allowed-networks)");
      }
    }
    return Optional.empty();
  }

  /**
   * The IPv4 address an IPv6 address carries and reaches: IPv4-mapped ({@code ::ffff:a.b.c.d}, as a
   * name server may answer), IPv4-compatible ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::a.b.c.d})
   * or 6to4 ({@code 2002:aabb:ccdd::}). Java turns a mapped address written out into IPv4 itself,
   * but not one a name resolves to.
   */
  static Optional<InetAddress> embeddedIpv4(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length != 16) {
      return Optional.empty();
    }
    int from = -1;
    if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      from = 12;
    } else if (zeros(b, 0, 12)) {
      from = 12;
    } else if (b[0] == 0
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zeros(b, 4, 12)) {
      from = 12;
    } else if (b[0] == 0x20 && b[1] == 0x02) {
      from = 2;
    }
    if (from < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, from, from + 4)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return allowed.isEmpty()
        ? "no internal network"
        : "the internal networks " + String.join(", ", allowedText);
  }

  private static String hostOf(URI url) {
    String host = url.getHost();
    if (host == null) {
      return null;
    }
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
