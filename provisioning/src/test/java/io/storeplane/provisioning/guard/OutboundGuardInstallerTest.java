package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The configuration mapping and the policy the installer builds from it, without booting Quarkus.
 */
class OutboundGuardInstallerTest {

  /** The lines the application's application.properties carries for dev and test. */
  private static final Map<String, String> APPLICATION_PROPERTIES =
      Map.of(
          "%dev.storeplane.outbound.allow-loopback", "true",
          "%dev.storeplane.outbound.allow-private", "true",
          "%dev.storeplane.outbound.deny-master-database", "false",
          "%test.storeplane.outbound.allow-loopback", "true",
          "%test.storeplane.outbound.allow-private", "true",
          "%test.storeplane.outbound.deny-master-database", "false");

  private static final String MASTER_URL = "jdbc:postgresql://master.internal:5432/storeplane";

  private final MapHostResolver dns =
      new MapHostResolver()
          .with("master.internal", "10.0.5.5")
          .with("shop.example", "93.184.216.34");

  @Test
  void productionDefaultsAreTheStrictPolicyPlusTheMasterDatabase() {
    OutboundConfig config = config("prod", APPLICATION_PROPERTIES);
    OutboundGuard guard = guard(config, Optional.of(MASTER_URL));

    assertThat(config.allowLoopback()).isFalse();
    assertThat(config.allowPrivate()).isFalse();
    assertThat(config.allowLinkLocal()).isFalse();
    assertThat(config.allowlist()).isEmpty();
    assertThat(config.denylist()).isEmpty();
    assertThat(config.ports()).isEqualTo("1-65535");
    assertThat(config.denyMasterDatabase()).isTrue();
    assertThat(rule(guard, "127.0.0.1", 5432)).isEqualTo(DenyRule.LOOPBACK);
    assertThat(rule(guard, "master.internal", 5432)).isEqualTo(DenyRule.MASTER_DATABASE);
    assertThat(rule(guard, "10.0.5.5", 5432)).isEqualTo(DenyRule.MASTER_DATABASE);
    assertThatCode(() -> guard.check("shop.example", 5432)).doesNotThrowAnyException();
  }

  @Test
  void devAndTestProfilesReachLocalAndPrivateDatabasesIncludingTheMasterServer() {
    for (String profile : new String[] {"dev", "test"}) {
      OutboundGuard guard = guard(config(profile, APPLICATION_PROPERTIES), Optional.of(MASTER_URL));

      assertThatCode(() -> guard.check("127.0.0.1", 5432)).doesNotThrowAnyException();
      assertThatCode(() -> guard.check("192.168.1.1", 3306)).doesNotThrowAnyException();
      assertThatCode(() -> guard.check("master.internal", 5432)).doesNotThrowAnyException();
      assertThat(rule(guard, "169.254.169.254", 80)).isEqualTo(DenyRule.LINK_LOCAL);
    }
  }

  @Test
  void listsAndPortsAreRead() {
    Map<String, String> properties = new HashMap<>();
    properties.put("storeplane.outbound.allowlist", "10.20.0.0/16,*.db.partner.net");
    properties.put("storeplane.outbound.denylist", "10.20.9.0/24");
    properties.put("storeplane.outbound.ports", "5432,3306,6543");
    OutboundGuard guard = guard(config("prod", properties), Optional.empty());

    assertThatCode(() -> guard.check("10.20.1.1", 5432)).doesNotThrowAnyException();
    assertThat(rule(guard, "10.20.9.1", 5432)).isEqualTo(DenyRule.DENYLIST);
    assertThat(rule(guard, "shop.example", 22)).isEqualTo(DenyRule.PORT);
  }

  @Test
  void badEntriesStopStartupNamingTheKey() {
    OutboundConfig config = config("prod", Map.of("storeplane.outbound.allowlist", "10.0.0.1/8"));

    assertThatThrownBy(() -> guard(config, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storeplane.outbound.allowlist")
        .hasMessageContaining("10.0.0.0/8");
    assertThatThrownBy(
            () ->
                guard(config("prod", Map.of("storeplane.outbound.ports", "22-")), Optional.empty()))
        .hasMessageContaining("storeplane.outbound.ports");
  }

  @Test
  void masterHostThatDoesNotResolveAtStartupIsStillDeniedByName() {
    OutboundPolicy policy =
        OutboundGuardInstaller.policy(
            config("prod", Map.of("storeplane.outbound.allow-private", "true")),
            Optional.of("jdbc:postgresql://late.internal:5432/storeplane?password=x"),
            dns);
    OutboundGuard guard =
        new OutboundGuard(policy, new MapHostResolver().with("late.internal", "10.9.9.9"));

    assertThat(rule(guard, "late.internal", 5432)).isEqualTo(DenyRule.MASTER_DATABASE);
    assertThatCode(() -> guard.check("10.9.9.9", 5432)).doesNotThrowAnyException();
  }

  private OutboundGuard guard(OutboundConfig config, Optional<String> masterUrl) {
    return new OutboundGuard(OutboundGuardInstaller.policy(config, masterUrl, dns), dns);
  }

  private static DenyRule rule(OutboundGuard guard, String host, int port) {
    OutboundConnectionDeniedException e =
        catchThrowableOfType(
            OutboundConnectionDeniedException.class, () -> guard.check(host, port));
    assertThat(e).as("%s:%d should be denied", host, port).isNotNull();
    return e.rule();
  }

  private static OutboundConfig config(String profile, Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withProfile(profile)
            .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
            .withMapping(OutboundConfig.class)
            .build();
    return config.getConfigMapping(OutboundConfig.class);
  }
}
