package io.storeplane.master.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCipherProducerTest {

  private static final String KEY_A = randomKey();
  private static final String KEY_B = randomKey();

  @Test
  void keysComeFromEnvironmentVariables() {
    CryptoConfig config =
        fromEnv(
            Map.of(
                "STOREPLANE_CRYPTO_KEYS_K2026A",
                KEY_A,
                "STOREPLANE_CRYPTO_KEYS_K2025",
                KEY_B,
                "STOREPLANE_CRYPTO_ACTIVE_KEY",
                "K2026A"));

    KeyRing ring = SecretCipherProducer.keyRing(config, LaunchMode.NORMAL);

    assertThat(ring.keyIds()).containsExactly("k2025", "k2026a");
    assertThat(ring.activeKeyId()).isEqualTo("k2026a");
  }

  @Test
  void keysComeFromPropertiesAndTheOnlyKeyIsActive() {
    CryptoConfig config = fromProperties(Map.of("storeplane.crypto.keys.k-1", KEY_A));

    KeyRing ring = SecretCipherProducer.keyRing(config, LaunchMode.NORMAL);

    assertThat(ring.activeKeyId()).isEqualTo("k-1");
    assertThat(config.toString()).doesNotContain(KEY_A);
  }

  @Test
  void productionWithoutKeysRefusesToStartNamingTheVariable() {
    SecretException e =
        catchThrowableOfType(
            SecretException.class,
            () -> SecretCipherProducer.keyRing(fromProperties(Map.of()), LaunchMode.NORMAL));

    assertThat(e.code()).isEqualTo(SecretError.NO_KEY_CONFIGURED);
    assertThat(e.getMessage()).contains("STOREPLANE_CRYPTO_KEYS_");
  }

  @Test
  void devAndTestWithoutKeysUseAGeneratedDevKey() {
    for (LaunchMode mode : new LaunchMode[] {LaunchMode.DEVELOPMENT, LaunchMode.TEST}) {
      KeyRing ring = SecretCipherProducer.keyRing(fromProperties(Map.of()), mode);

      assertThat(ring.activeKeyId()).isEqualTo("dev");
      SecretCipher cipher = new SecretCipher(ring);
      assertThat(cipher.decrypt(cipher.encrypt("s", "t:1:c"), "t:1:c")).isEqualTo("s");
    }
  }

  @Test
  void badKeyFailsEvenInDevWithoutLeakingIt() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    CryptoConfig config = fromProperties(Map.of("storeplane.crypto.keys.k1", shortKey));

    SecretException e =
        catchThrowableOfType(
            SecretException.class,
            () -> SecretCipherProducer.keyRing(config, LaunchMode.DEVELOPMENT));

    assertThat(e.code()).isEqualTo(SecretError.INVALID_KEY);
    assertThat(e.getMessage()).contains("'k1'").doesNotContain(shortKey);
  }

  @Test
  void severalKeysWithoutAnActiveOneAreRejected() {
    CryptoConfig config =
        fromProperties(
            Map.of("storeplane.crypto.keys.a", KEY_A, "storeplane.crypto.keys.b", KEY_B));

    SecretException e =
        catchThrowableOfType(
            SecretException.class, () -> SecretCipherProducer.keyRing(config, LaunchMode.NORMAL));

    assertThat(e.code()).isEqualTo(SecretError.INVALID_KEY_RING);
  }

  private static CryptoConfig fromEnv(Map<String, String> env) {
    return build(new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300)));
  }

  private static CryptoConfig fromProperties(Map<String, String> properties) {
    return build(
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "test", 250)));
  }

  private static CryptoConfig build(SmallRyeConfigBuilder builder) {
    SmallRyeConfig config = builder.withMapping(CryptoConfig.class).build();
    return config.getConfigMapping(CryptoConfig.class);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
