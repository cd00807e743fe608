package io.parkpulse.platform.notifications.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationsTest {

  /** Names as a DNS server might answer them, without asking one. */
  private static final Map<String, String> DNS =
      Map.of(
          "intranet.example", "10.20.3.4",
          "robot.example", "203.0.113.9",
          "metadata.example", "169.254.169.254",
          "v6.example", "fd12::9");

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String a = DNS.get(host);
    if (a == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(a)};
  }

  private final Destinations shut = new Destinations(List.of(), DestinationsTest::resolve);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/x",
        "http://127.9.9.9/",
        "http://0.0.0.0/",
        "http://10.1.2.3/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.0.10/",
        "http://198.18.0.1/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://[::1]/",
        "http://[::]/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:10.0.0.1]/"
      })
  void refusesInternalAddressesWrittenInTheUrl(String url) throws Exception {
    assertThat(shut.refusalOfLiteral(URI.create(url))).isPresent();
    assertThat(shut.refusal(URI.create(url)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("is an internal address"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://8.8.8.8/",
        "https://172.32.0.1/",
        "https://172.15.255.255/",
        "https://100.128.0.1/",
        "https://192.169.0.1/",
        "https://[2001:4860:4860::8888]/",
        "https://203.0.113.9:8443/hook"
      })
  void letsPublicAddressesThrough(String url) throws Exception {
    assertThat(shut.refusalOfLiteral(URI.create(url))).isEmpty();
    assertThat(shut.refusal(URI.create(url))).isEmpty();
  }

  @Test
  void checksWhatAHostNameResolvesToAtDeliveryNotWhenSaved() throws Exception {
    URI intranet = URI.create("https://intranet.example/hook");

    assertThat(shut.refusalOfLiteral(intranet)).isEmpty();
    assertThat(shut.refusal(intranet))
        .hasValue(
            "intranet.example (10.20.3.4) is an internal address: notifications may not reach the"
                + " platform's own network unless its operator allows that network"
                + " (parkpulse.platform.notifications.allowed-networks)");
    assertThat(shut.refusal(URI.create("https://metadata.example/"))).isPresent();
    assertThat(shut.refusal(URI.create("https://v6.example/"))).isPresent();
    assertThat(shut.refusal(URI.create("https://robot.example/send?key=k"))).isEmpty();
    assertThatThrownBy(() -> shut.refusal(URI.create("https://nowhere.example/")))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void checksTheIpv4AddressAnIpv6AnswerCarries() throws Exception {
    // What a name server may answer (AAAA); Java keeps these as IPv6 addresses.
    Map<String, InetAddress> answers =
        Map.of(
            "mapped.example", v6("00000000000000000000ffff7f000001"), // ::ffff:127.0.0.1
            "metadata6.example", v6("00000000000000000000ffffa9fea9fe"), // ::ffff:169.254.169.254
            "compatible.example", v6("0000000000000000000000000a000001"), // ::10.0.0.1
            "nat64.example", v6("0064ff9b0000000000000000c0a80101"), // 64:ff9b::192.168.1.1
            "6to4.example", v6("2002ac10000100000000000000000000"), // 2002:ac10:0001:: (172.16.0.1)
            "public6.example", v6("00000000000000000000ffff08080808")); // ::ffff:8.8.8.8
    Destinations shut6 = new Destinations(List.of(), host -> new InetAddress[] {answers.get(host)});

    for (String host :
        List.of(
            "mapped.example",
            "metadata6.example",
            "compatible.example",
            "nat64.example",
            "6to4.example")) {
      assertThat(shut6.refusal(URI.create("https://" + host + "/")))
          .as(host)
          .hasValueSatisfying(reason -> assertThat(reason).contains("is an internal address"));
    }
    assertThat(shut6.refusal(URI.create("https://public6.example/"))).isEmpty();
    assertThat(
            new Destinations(List.of("127.0.0.0/8"), host -> new InetAddress[] {answers.get(host)})
                .refusal(URI.create("https://mapped.example/")))
        .as("an allowed network is allowed however it is written")
        .isEmpty();
  }

  private static InetAddress v6(String hex) throws UnknownHostException {
    return Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), null);
  }

  @Test
  void anAllowedNetworkOpensThatNetworkOnly() throws Exception {
    Destinations lan =
        new Destinations(List.of("10.20.0.0/16", " fd12::/16"), DestinationsTest::resolve);

    assertThat(lan.refusal(URI.create("https://intranet.example/hook"))).isEmpty();
    assertThat(lan.refusal(URI.create("http://10.20.255.1/"))).isEmpty();
    assertThat(lan.refusal(URI.create("https://v6.example/"))).isEmpty();
    assertThat(lan.refusal(URI.create("http://10.21.0.1/"))).isPresent();
    assertThat(lan.refusal(URI.create("https://metadata.example/"))).isPresent();
    assertThat(lan.refusal(URI.create("http://127.0.0.1/"))).isPresent();
  }

  @Test
  void aNetworkIsMatchedBitByBit() throws Exception {
    Cidr odd = Cidr.parse("192.168.4.0/23");

    assertThat(odd.contains(InetAddress.getByName("192.168.4.1"))).isTrue();
    assertThat(odd.contains(InetAddress.getByName("192.168.5.254"))).isTrue();
    assertThat(odd.contains(InetAddress.getByName("192.168.6.1"))).isFalse();
    assertThat(odd.contains(InetAddress.getByName("192.168.3.255"))).isFalse();
    assertThat(odd.contains(InetAddress.getByName("::ffff:c0a8:0401"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("1.2.3.4"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0/8", "intranet/8", "::1/129", "1.2.3.4/x"})
  void refusesWhatIsNoNetwork(String network) {
    assertThatThrownBy(() -> new Destinations(List.of(network)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(network.contains("/") ? network : "CIDR");
  }
}
