package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostsTest {

  @Test
  void namesAndAddressLiteralsAreHosts() {
    for (String host :
        List.of(
            "localhost",
            "db.example.com",
            "DB.Example.COM.",
            "my_db.internal",
            "a-b.c-d.io",
            "x1",
            "10.0.0.1",
            "255.255.255.255",
            "::1",
            "[::1]",
            "2001:db8::1",
            "[::ffff:192.0.2.1]",
            "a".repeat(63) + ".example.com",
            String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61)))) {
      assertThat(Hosts.isHost(host)).as(host).isTrue();
    }
  }

  @Test
  void anythingElseIsNot() {
    for (String host :
        List.of(
            "",
            " ",
            " db.example.com",
            "db.example.com ",
            "[::1",
            "::1]",
            "[]",
            "[10.0.0.1]",
            "a..b",
            ".a",
            ".",
            "-x",
            "x-",
            "x-.example.com",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "::1::2",
            "fe80::1%eth0",
            "db host",
            "db/host",
            "user@host",
            "a".repeat(64) + ".example.com",
            String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(63)))) {
      assertThat(Hosts.isHost(host)).as(host).isFalse();
    }
  }
}
