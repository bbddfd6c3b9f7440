package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {

  private final MapHostResolver dns =
      new MapHostResolver()
          .with("evil.example", "127.0.0.1")
          .with("mixed.example", "93.184.216.34", "10.0.0.1")
          .with("public.example", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
          .with("metadata.example", "169.254.169.254")
          .with("db.partner.net", "10.20.30.40")
          .with("replica.db.partner.net", "10.20.30.41")
          .with("master.internal", "10.0.5.5")
          .with("empty.example");

  private final OutboundGuard prod = new OutboundGuard(OutboundPolicy.strict(), dns);

  @Test
  void productionPolicyDeniesInternalAddressesNamingTheRule() {
    Map<String, DenyRule> expected =
        Map.of(
            "127.0.0.1", DenyRule.LOOPBACK,
            "::1", DenyRule.LOOPBACK,
            "[::1]", DenyRule.LOOPBACK,
            "169.254.169.254", DenyRule.LINK_LOCAL,
            "10.0.0.1", DenyRule.PRIVATE,
            "192.168.1.1", DenyRule.PRIVATE,
            "172.16.0.1", DenyRule.PRIVATE,
            "fe80::1", DenyRule.LINK_LOCAL,
            "0.0.0.0", DenyRule.UNSPECIFIED,
            "::ffff:127.0.0.1", DenyRule.LOOPBACK);
    expected.forEach(
        (host, rule) -> {
          OutboundConnectionDeniedException e = denied(prod, host, 5432);
          assertThat(e.rule()).as(host).isEqualTo(rule);
          assertThat(e.code()).isEqualTo(rule).isNotEqualTo(DenyRule.UNKNOWN_HOST);
          assertThat(e.code().code()).isEqualTo("connection-denied-" + rule.id());
          assertThat(e.port()).isEqualTo(5432);
          assertThat(e.address()).isPresent();
          assertThat(e.getMessage()).contains("'" + rule.id() + "'");
        });
  }

  @Test
  void aNameResolvingToAnInternalAddressIsDenied() {
    OutboundConnectionDeniedException e = denied(prod, "evil.example", 5432);

    assertThat(e.rule()).isEqualTo(DenyRule.LOOPBACK);
    assertThat(e.host()).isEqualTo("evil.example");
    assertThat(e.address()).map(InetAddress::getHostAddress).contains("127.0.0.1");
    assertThat(e.getMessage())
        .isEqualTo(
            "Outbound connection to evil.example:5432 (127.0.0.1) denied by rule 'loopback'");
    assertThat(denied(prod, "metadata.example", 80).rule()).isEqualTo(DenyRule.LINK_LOCAL);
  }

  @Test
  void oneInternalAddressAmongPublicOnesIsEnoughToDeny() {
    OutboundConnectionDeniedException e = denied(prod, "mixed.example", 5432);

    assertThat(e.rule()).isEqualTo(DenyRule.PRIVATE);
    assertThat(e.address()).map(InetAddress::getHostAddress).contains("10.0.0.1");
  }

  @Test
  void publicAddressesAreAllowedAndAllReturned() {
    List<InetSocketAddress> checked = prod.check("public.example", 5432);

    assertThat(checked).hasSize(2).allMatch(a -> a.getPort() == 5432 && !a.isUnresolved());
    assertThat(prod.check("93.184.216.34", 5432)).hasSize(1);
    assertThat(prod.check("2606:4700:4700::1111", 5432)).hasSize(1);
  }

  @Test
  void allowlistedCidrOverridesTheAddressClass() {
    OutboundGuard guard =
        new OutboundGuard(OutboundPolicy.builder().allow("10.20.0.0/16").build(), dns);

    assertThatCode(() -> guard.check("db.partner.net", 5432)).doesNotThrowAnyException();
    assertThatCode(() -> guard.check("10.20.99.1", 5432)).doesNotThrowAnyException();
    assertThat(denied(guard, "10.21.0.1", 5432).rule()).isEqualTo(DenyRule.PRIVATE);
  }

  @Test
  void allowlistedHostNameOverridesTheAddressClass() {
    OutboundGuard guard =
        new OutboundGuard(OutboundPolicy.builder().allow("DB.Partner.net.").build(), dns);

    assertThatCode(() -> guard.check("db.partner.net", 5432)).doesNotThrowAnyException();
    assertThat(denied(guard, "replica.db.partner.net", 5432).rule()).isEqualTo(DenyRule.PRIVATE);
    assertThat(denied(guard, "10.20.30.40", 5432).rule())
        .as("the name is allowlisted, not its address")
        .isEqualTo(DenyRule.PRIVATE);
  }

  @Test
  void allowlistedWildcardAndPortAreHonoured() {
    OutboundGuard guard =
        new OutboundGuard(
            OutboundPolicy.builder().allow("*.db.partner.net").allow("db.partner.net:6543").build(),
            dns);

    assertThatCode(() -> guard.check("replica.db.partner.net", 5432)).doesNotThrowAnyException();
    assertThatCode(() -> guard.check("db.partner.net", 6543)).doesNotThrowAnyException();
    assertThat(denied(guard, "db.partner.net", 5432).rule()).isEqualTo(DenyRule.PRIVATE);
  }

  @Test
  void portOutsideTheAllowedPortsIsDeniedBeforeAnyLookup() {
    OutboundGuard guard =
        new OutboundGuard(
            OutboundPolicy.builder().ports("5432,3306,6543").build(),
            host -> {
              throw new AssertionError("no lookup for a denied port");
            });

    OutboundConnectionDeniedException e = denied(guard, "public.example", 22);

    assertThat(e.rule()).isEqualTo(DenyRule.PORT);
    assertThat(e.address()).isEmpty();
    assertThat(denied(prod, "93.184.216.34", 0).rule()).isEqualTo(DenyRule.PORT);
    assertThat(denied(prod, "93.184.216.34", 70000).rule()).isEqualTo(DenyRule.PORT);
  }

  @Test
  void loopbackAndPrivateAreAllowedWhenTheirFlagsAreSet() {
    OutboundGuard dev =
        new OutboundGuard(
            OutboundPolicy.builder().allowLoopback(true).allowPrivate(true).build(), dns);

    assertThatCode(() -> dev.check("127.0.0.1", 5432)).doesNotThrowAnyException();
    assertThatCode(() -> dev.check("::1", 5432)).doesNotThrowAnyException();
    assertThatCode(() -> dev.check("mixed.example", 5432)).doesNotThrowAnyException();
    assertThat(denied(dev, "169.254.169.254", 80).rule()).isEqualTo(DenyRule.LINK_LOCAL);
    assertThat(denied(dev, "0.0.0.0", 5432).rule()).isEqualTo(DenyRule.UNSPECIFIED);
  }

  @Test
  void masterDatabaseIsDeniedByNameAndAddressEvenWhenAllowlisted() {
    OutboundPolicy policy =
        OutboundPolicy.builder()
            .allowPrivate(true)
            .allow("10.0.0.0/8")
            .denyMasterDatabase("master.internal", 5432, List.of(ip("10.0.5.5")))
            .build();
    OutboundGuard guard = new OutboundGuard(policy, dns.with("alias.example", "10.0.5.5"));

    assertThat(denied(guard, "master.internal", 5432).rule()).isEqualTo(DenyRule.MASTER_DATABASE);
    assertThat(denied(guard, "alias.example", 5432).rule()).isEqualTo(DenyRule.MASTER_DATABASE);
    assertThat(denied(guard, "10.0.5.5", 5432).rule()).isEqualTo(DenyRule.MASTER_DATABASE);
    assertThatCode(() -> guard.check("10.0.5.5", 3306)).doesNotThrowAnyException();
  }

  @Test
  void denylistBeatsTheAllowlist() {
    OutboundGuard guard =
        new OutboundGuard(
            OutboundPolicy.builder().allow("db.partner.net").deny("10.20.30.0/24").build(), dns);

    assertThat(denied(guard, "db.partner.net", 5432).rule()).isEqualTo(DenyRule.DENYLIST);
    assertThatCode(() -> guard.check("93.184.216.34", 5432)).doesNotThrowAnyException();
  }

  @Test
  void unresolvableHostIsADistinctError() {
    for (String host : new String[] {"nowhere.example", "empty.example"}) {
      OutboundConnectionDeniedException e = denied(prod, host, 5432);

      assertThat(e.code()).isEqualTo(DenyRule.UNKNOWN_HOST);
      assertThat(e.code().code()).isEqualTo("connection-denied-unknown-host");
      assertThat(e.rule()).isEqualTo(DenyRule.UNKNOWN_HOST);
      assertThat(e.getMessage()).contains(host).contains("'unknown-host'");
    }
  }

  @Test
  void systemResolverResolvesLocalhostToLoopback() {
    OutboundGuard guard = OutboundGuard.strict();

    assertThat(denied(guard, "localhost", 5432).rule()).isEqualTo(DenyRule.LOOPBACK);
  }

  @Test
  void checkAddressJudgesTheExactAddressAndItsName() throws Exception {
    OutboundGuard guard =
        new OutboundGuard(OutboundPolicy.builder().allow("db.partner.net").build(), dns);
    InetSocketAddress viaName =
        new InetSocketAddress(
            InetAddress.getByAddress("db.partner.net", bytes("10.20.30.40")), 5432);
    InetSocketAddress rebound =
        new InetSocketAddress(InetAddress.getByAddress("public.example", bytes("127.0.0.1")), 5432);

    assertThatCode(() -> guard.checkAddress(viaName)).doesNotThrowAnyException();
    OutboundConnectionDeniedException e =
        catchThrowableOfType(
            OutboundConnectionDeniedException.class, () -> guard.checkAddress(rebound));
    assertThat(e.rule()).isEqualTo(DenyRule.LOOPBACK);
    assertThat(e.host()).isEqualTo("public.example");
    OutboundConnectionDeniedException unresolved =
        catchThrowableOfType(
            OutboundConnectionDeniedException.class,
            () -> guard.checkAddress(InetSocketAddress.createUnresolved("mixed.example", 5432)));
    assertThat(unresolved.rule()).isEqualTo(DenyRule.PRIVATE);
  }

  @Test
  void messagesNeverCarryUserInfo() {
    OutboundConnectionDeniedException e = denied(prod, "admin:hunter2@127.0.0.1", 5432);

    assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("admin");
    assertThat(e.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void findInDigsTheDenialOutOfACauseChain() {
    OutboundConnectionDeniedException denial = denied(prod, "127.0.0.1", 5432);
    Exception wrapped = new RuntimeException("driver", new ConnectionDeniedIOException(denial));

    assertThat(OutboundConnectionDeniedException.findIn(wrapped)).containsSame(denial);
    assertThat(OutboundConnectionDeniedException.findIn(new RuntimeException("other"))).isEmpty();
  }

  private static OutboundConnectionDeniedException denied(
      OutboundGuard guard, String host, int port) {
    OutboundConnectionDeniedException e =
        catchThrowableOfType(
            OutboundConnectionDeniedException.class, () -> guard.check(host, port));
    assertThat(e).as("%s:%d should be denied", host, port).isNotNull();
    return e;
  }

  private static InetAddress ip(String literal) {
    return IpLiterals.parse(literal).orElseThrow();
  }

  private static byte[] bytes(String literal) {
    return ip(literal).getAddress();
  }
}
