package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void ipv4BlocksContainTheirAddressesOnly() {
    Cidr block = Cidr.parse("172.16.0.0/12");

    assertThat(block.contains(ip("172.16.0.1"))).isTrue();
    assertThat(block.contains(ip("172.31.255.255"))).isTrue();
    assertThat(block.contains(ip("172.32.0.0"))).isFalse();
    assertThat(block.contains(ip("172.15.255.255"))).isFalse();
    assertThat(block.contains(ip("::1"))).isFalse();
    assertThat(block.prefixLength()).isEqualTo(12);
    assertThat(block.isIpv4()).isTrue();
    assertThat(block).hasToString("172.16.0.0/12");
  }

  @Test
  void ipv6BlocksContainTheirAddressesOnly() {
    Cidr uniqueLocal = Cidr.parse("fc00::/7");
    Cidr linkLocal = Cidr.parse("FE80::/10");

    assertThat(uniqueLocal.contains(ip("fd12:3456::1"))).isTrue();
    assertThat(uniqueLocal.contains(ip("fe00::1"))).isFalse();
    assertThat(linkLocal.contains(ip("febf:ffff::1"))).isTrue();
    assertThat(linkLocal.contains(ip("fec0::1"))).isFalse();
    assertThat(uniqueLocal.contains(ip("10.0.0.1"))).isFalse();
    assertThat(uniqueLocal.isIpv4()).isFalse();
  }

  @Test
  void bareAddressesAreSingleAddressBlocks() {
    assertThat(Cidr.parse("203.0.113.7")).isEqualTo(Cidr.parse("203.0.113.7/32"));
    assertThat(Cidr.parse("2001:db8::1")).isEqualTo(Cidr.parse("2001:db8:0:0:0:0:0:1/128"));
    assertThat(Cidr.parse("203.0.113.7").contains(ip("203.0.113.8"))).isFalse();
    assertThat(Cidr.of(ip("203.0.113.7"))).isEqualTo(Cidr.parse("203.0.113.7/32"));
  }

  @Test
  void zeroPrefixContainsTheWholeFamily() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("255.255.255.255"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("ffff::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("1.2.3.4"))).isFalse();
  }

  @Test
  void prefixesThatAreNotByteAlignedCompareTheRightBits() {
    Cidr cgnat = Cidr.parse("100.64.0.0/10");

    assertThat(cgnat.contains(ip("100.64.0.0"))).isTrue();
    assertThat(cgnat.contains(ip("100.127.255.255"))).isTrue();
    assertThat(cgnat.contains(ip("100.128.0.0"))).isFalse();
    assertThat(cgnat.contains(ip("100.63.255.255"))).isFalse();
  }

  @Test
  void ipv4MappedBlocksBecomeIpv4Blocks() {
    Cidr mapped = Cidr.parse("::ffff:10.0.0.0/104");

    assertThat(mapped).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(mapped.contains(ip("10.1.2.3"))).isTrue();
  }

  @Test
  void hostBitsAreRejectedWithTheIntendedBlock() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.0.0.0/8");
  }

  @Test
  void invalidBlocksAreRejected() {
    for (String text :
        new String[] {
          "",
          "10.0.0.0/",
          "10.0.0.0/33",
          "::/129",
          "10.0.0/8",
          "10.0.0.256/32",
          "010.0.0.0/8",
          "example.com/24",
          "10.0.0.0/-1",
          "10.0.0.0/8/8",
          "fe80::1%eth0/128",
          "1:2:3:4:5:6:7:8:9/64",
          "1::2::3/64",
          "::ffff:1.2.3/128",
          "10.0.0.0 /8x"
        }) {
      assertThatThrownBy(() -> Cidr.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static InetAddress ip(String literal) {
    return IpLiterals.parse(literal).orElseThrow();
  }
}
