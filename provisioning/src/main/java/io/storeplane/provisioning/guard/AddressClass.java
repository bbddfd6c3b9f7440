package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What kind of network an address belongs to, as far as an outbound connection is concerned. IPv6
 * addresses that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) are classified by the embedded address, so {@code 64:ff9b::7f00:1} is
 * loopback.
 */
public enum AddressClass {
  /** Anything not listed below: reachable on the internet. */
  PUBLIC,
  /** {@code 127.0.0.0/8}, {@code ::1}. */
  LOOPBACK,
  /** {@code 169.254.0.0/16} (including cloud metadata at 169.254.169.254), {@code fe80::/10}. */
  LINK_LOCAL,
  /**
   * {@code 10.0.0.0/8}, {@code 172.16.0.0/12}, {@code 192.168.0.0/16}, {@code 100.64.0.0/10}
   * (carrier-grade NAT), {@code fc00::/7} (unique local), {@code fec0::/10} (site-local), {@code
   * 64:ff9b:1::/48} (local NAT64).
   */
  PRIVATE,
  /** {@code 0.0.0.0/8} and {@code ::}: on Linux a connection to them reaches the local host. */
  UNSPECIFIED,
  /** {@code 224.0.0.0/4}, {@code ff00::/8}. */
  MULTICAST,
  /**
   * Special-purpose blocks no database lives on: {@code 240.0.0.0/4} (with broadcast), {@code
   * 192.0.0.0/24}, {@code 198.18.0.0/15}, the documentation blocks {@code 192.0.2.0/24}, {@code
   * 198.51.100.0/24}, {@code 203.0.113.0/24}, {@code 2001:db8::/32}, the discard block {@code
   * 100::/64}, and IPv4-compatible IPv6 addresses of public IPv4 addresses.
   */
  RESERVED;

  private static final List<Map.Entry<Cidr, AddressClass>> IPV4 =
      List.of(
          entry("0.0.0.0/8", UNSPECIFIED),
          entry("127.0.0.0/8", LOOPBACK),
          entry("169.254.0.0/16", LINK_LOCAL),
          entry("10.0.0.0/8", PRIVATE),
          entry("172.16.0.0/12", PRIVATE),
          entry("192.168.0.0/16", PRIVATE),
          entry("100.64.0.0/10", PRIVATE),
          entry("224.0.0.0/4", MULTICAST),
          entry("240.0.0.0/4", RESERVED),
          entry("192.0.0.0/24", RESERVED),
          entry("192.0.2.0/24", RESERVED),
          entry("198.18.0.0/15", RESERVED),
          entry("198.51.100.0/24", RESERVED),
          entry("203.0.113.0/24", RESERVED));

  private static final List<Map.Entry<Cidr, AddressClass>> IPV6 =
      List.of(
          entry("::/128", UNSPECIFIED),
          entry("::1/128", LOOPBACK),
          entry("fe80::/10", LINK_LOCAL),
          entry("fc00::/7", PRIVATE),
          entry("fec0::/10", PRIVATE),
          entry("64:ff9b:1::/48", PRIVATE),
          entry("ff00::/8", MULTICAST),
          entry("100::/64", RESERVED),
          entry("2001:db8::/32", RESERVED));

  private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  /** The class of {@code address}. */
  public static AddressClass of(InetAddress address) {
    byte[] bytes = Cidr.normalize(address.getAddress());
    return bytes.length == 4 ? ofIpv4(address) : ofIpv6(address, bytes);
  }

  private static AddressClass ofIpv4(InetAddress address) {
    return lookup(IPV4, address);
  }

  private static AddressClass ofIpv6(InetAddress address, byte[] bytes) {
    AddressClass listed = lookup(IPV6, address);
    if (listed != PUBLIC) {
      return listed;
    }
    if (IPV4_COMPATIBLE.contains(address)) {
      AddressClass embedded = ofIpv4(ipv4(bytes, 12));
      return embedded == PUBLIC ? RESERVED : embedded;
    }
    if (NAT64.contains(address)) {
      return ofIpv4(ipv4(bytes, 12));
    }
    if (SIX_TO_FOUR.contains(address)) {
      return ofIpv4(ipv4(bytes, 2));
    }
    return PUBLIC;
  }

  private static AddressClass lookup(List<Map.Entry<Cidr, AddressClass>> table, InetAddress a) {
    for (Map.Entry<Cidr, AddressClass> row : table) {
      if (row.getKey().contains(a)) {
        return row.getValue();
      }
    }
    return PUBLIC;
  }

  private static InetAddress ipv4(byte[] bytes, int offset) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always a valid address", e);
    }
  }

  private static Map.Entry<Cidr, AddressClass> entry(String cidr, AddressClass addressClass) {
    return Map.entry(Cidr.parse(cidr), addressClass);
  }
}
