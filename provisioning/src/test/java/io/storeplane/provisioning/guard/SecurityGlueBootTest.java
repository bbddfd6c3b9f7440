package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.testing.db.MasterDatabaseTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Boots Quarkus to prove the glue is wired: the SecretCipher producer runs (test mode, no key: the
 * generated dev key) and the installer puts the configured guard, master database denied, in {@link
 * OutboundGuards} at startup.
 */
@QuarkusTest
@QuarkusTestResource(MasterDatabaseTestResource.class)
@TestProfile(SecurityGlueBootTest.LoopbackAllowed.class)
class SecurityGlueBootTest {

  /** Loopback allowed as in dev and test, but the master database still denied. */
  public static class LoopbackAllowed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.devservices.enabled", "false",
          "storeplane.outbound.allow-loopback", "true",
          "storeplane.outbound.deny-master-database", "true");
    }
  }

  @Inject SecretCipher cipher;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String masterUrl;

  @Test
  void secretCipherIsProducedWithTheDevKeyInTestMode() {
    assertThat(cipher.keyRing().activeKeyId()).isEqualTo("dev");
    assertThat(cipher.decrypt(cipher.encrypt("s3cret", "t:1:c"), "t:1:c")).isEqualTo("s3cret");
  }

  @Test
  void configuredGuardIsInstalledAtStartup() {
    OutboundGuard guard = OutboundGuards.current();
    JdbcUrls.Endpoint master = JdbcUrls.endpoints(masterUrl).get(0);

    assertThat(guard.policy().allows(AddressClass.LOOPBACK)).isTrue();
    assertThatCode(() -> guard.check("127.0.0.1", master.port() + 1)).doesNotThrowAnyException();
    OutboundConnectionDeniedException e =
        catchThrowableOfType(
            OutboundConnectionDeniedException.class,
            () -> guard.check(master.host(), master.port()));
    assertThat(e.rule()).isEqualTo(DenyRule.MASTER_DATABASE);
  }
}
