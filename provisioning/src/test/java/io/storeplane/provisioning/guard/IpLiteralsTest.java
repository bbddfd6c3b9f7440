package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {

  @Test
  void parsesWhatTheJdkParsesForStrictLiterals() throws Exception {
    for (String literal :
        new String[] {
          "0.0.0.0",
          "127.0.0.1",
          "255.255.255.255",
          "::",
          "::1",
          "1::",
          "fe80::1",
          "2001:db8:85a3::8a2e:370:7334",
          "2001:DB8:0:0:0:0:0:1",
          "::ffff:192.0.2.1",
          "64:ff9b::10.0.0.1",
          "1:2:3:4:5:6:7::",
          "::2:3:4:5:6:7:8",
          "1:2:3:4:5:6:1.2.3.4"
        }) {
      assertThat(IpLiterals.parse(literal)).as(literal).contains(InetAddress.getByName(literal));
    }
  }

  @Test
  void rejectsEverythingElseWithoutALookup() {
    for (String text :
        new String[] {
          "",
          "localhost",
          "example.com",
          "127.1",
          "2130706433",
          "0x7f.0.0.1",
          "0177.0.0.1",
          "127.0.0.01",
          "1.2.3.4.5",
          "1.2.3",
          "256.0.0.1",
          "1:2:3:4:5:6:7:8:9",
          "1::2::3",
          ":::",
          ":1::",
          "1:",
          "12345::",
          "g::1",
          "fe80::1%eth0",
          "::1.2.3.4:5",
          "1.2.3.4::",
          "[::1]"
        }) {
      assertThat(IpLiterals.parse(text)).as(text).isEmpty();
    }
  }
}
