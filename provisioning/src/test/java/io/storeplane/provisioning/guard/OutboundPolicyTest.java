package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {

  @Test
  void strictAllowsOnlyPublicAddressesOnAnyPort() {
    OutboundPolicy strict = OutboundPolicy.strict();

    for (AddressClass addressClass : AddressClass.values()) {
      assertThat(strict.allows(addressClass))
          .as(addressClass.name())
          .isEqualTo(addressClass == AddressClass.PUBLIC);
    }
    assertThat(strict.ports()).isEqualTo(PortRanges.ALL);
  }

  @Test
  void acceptsEveryDocumentedEntryForm() {
    OutboundPolicy policy =
        OutboundPolicy.builder()
            .allowAll(
                List.of(
                    "10.20.0.0/16",
                    "203.0.113.7",
                    "db.example.com",
                    "*.db.example.com",
                    "203.0.113.7:5432",
                    "[2001:db8::1]:5432",
                    "db.example.com:6543",
                    "fd00:ec2::254"))
            .deny("vault.internal")
            .build();

    assertThat(policy.toString())
        .contains("10.20.0.0/16", "*.db.example.com", "[2001:db8:0:0:0:0:0:1]:5432")
        .contains("vault.internal (denylist)");
  }

  @Test
  void rejectsMalformedEntriesNamingThem() {
    for (String entry :
        new String[] {
          "", " ", "db.example.com:0", "db.example.com:99999", "db..example.com", "-db.example.com",
          "[::1", "[::1]5432", "[db.example.com]:5432", "10.0.0.1/8", "*.", "http://db.example.com",
          "db.example.com:port"
        }) {
      assertThatThrownBy(() -> OutboundPolicy.builder().allow(entry))
          .as("'%s'", entry)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> OutboundPolicy.builder().deny("db..x"))
        .hasMessageContaining("'db..x'");
  }

  @Test
  void masterDatabaseEntriesAreNotRepeated() throws Exception {
    OutboundPolicy policy =
        OutboundPolicy.builder()
            .denyMasterDatabase(
                "127.0.0.1", 5432, List.of(java.net.InetAddress.getByName("127.0.0.1")))
            .denyMasterDatabase("127.0.0.1", 5432, List.of())
            .build();

    assertThat(policy.toString()).containsOnlyOnce("127.0.0.1:5432 (master-database)");
  }
}
