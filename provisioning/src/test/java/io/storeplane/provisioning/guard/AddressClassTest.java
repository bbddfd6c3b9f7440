package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressClassTest {

  @Test
  void classifiesIpv4() {
    assertClasses(
        Map.ofEntries(
            Map.entry("127.0.0.1", AddressClass.LOOPBACK),
            Map.entry("127.255.0.9", AddressClass.LOOPBACK),
            Map.entry("169.254.169.254", AddressClass.LINK_LOCAL),
            Map.entry("10.0.0.1", AddressClass.PRIVATE),
            Map.entry("172.16.0.1", AddressClass.PRIVATE),
            Map.entry("172.31.255.254", AddressClass.PRIVATE),
            Map.entry("192.168.1.1", AddressClass.PRIVATE),
            Map.entry("100.64.0.1", AddressClass.PRIVATE),
            Map.entry("100.100.100.200", AddressClass.PRIVATE),
            Map.entry("0.0.0.0", AddressClass.UNSPECIFIED),
            Map.entry("224.0.0.1", AddressClass.MULTICAST),
            Map.entry("255.255.255.255", AddressClass.RESERVED),
            Map.entry("192.0.0.192", AddressClass.RESERVED),
            Map.entry("198.18.0.1", AddressClass.RESERVED),
            Map.entry("93.184.216.34", AddressClass.PUBLIC),
            Map.entry("172.32.0.1", AddressClass.PUBLIC),
            Map.entry("8.8.8.8", AddressClass.PUBLIC)));
  }

  @Test
  void classifiesIpv6() {
    assertClasses(
        Map.ofEntries(
            Map.entry("::1", AddressClass.LOOPBACK),
            Map.entry("::", AddressClass.UNSPECIFIED),
            Map.entry("fe80::1", AddressClass.LINK_LOCAL),
            Map.entry("fd00:ec2::254", AddressClass.PRIVATE),
            Map.entry("fc00::1", AddressClass.PRIVATE),
            Map.entry("fec0::1", AddressClass.PRIVATE),
            Map.entry("ff02::1", AddressClass.MULTICAST),
            Map.entry("2001:db8::1", AddressClass.RESERVED),
            Map.entry("2606:4700:4700::1111", AddressClass.PUBLIC)));
  }

  @Test
  void classifiesIpv6AddressesByTheIpv4AddressTheyEmbed() {
    assertClasses(
        Map.ofEntries(
            Map.entry("::ffff:127.0.0.1", AddressClass.LOOPBACK),
            Map.entry("::ffff:169.254.169.254", AddressClass.LINK_LOCAL),
            Map.entry("::127.0.0.1", AddressClass.LOOPBACK),
            Map.entry("::8.8.8.8", AddressClass.RESERVED),
            Map.entry("64:ff9b::7f00:1", AddressClass.LOOPBACK),
            Map.entry("64:ff9b::10.0.0.1", AddressClass.PRIVATE),
            Map.entry("64:ff9b::8.8.8.8", AddressClass.PUBLIC),
            Map.entry("2002:a9fe:a9fe::1", AddressClass.LINK_LOCAL),
            Map.entry("2002:0808:0808::1", AddressClass.PUBLIC)));
  }

  private static void assertClasses(Map<String, AddressClass> expected) {
    expected.forEach(
        (literal, addressClass) ->
            assertThat(AddressClass.of(ip(literal))).as(literal).isEqualTo(addressClass));
  }

  private static InetAddress ip(String literal) {
    return IpLiterals.parse(literal).orElseThrow();
  }
}
