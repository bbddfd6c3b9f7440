package io.storeplane.master.secret;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Quarkus glue: produces the application's {@link SecretCipher} from {@link CryptoConfig} at
 * startup, so a missing or bad key stops the application before it serves a request. It is built
 * before the application's own startup work (library priority): a bad key then stops the start
 * before any scheduled task or startup observer has opened a master transaction that the failed
 * start would close under it.
 */
@Singleton
public class SecretCipherProducer {

  /** The id of the key generated when none is configured outside production mode. */
  static final String DEV_KEY_ID = "dev";

  private static final Logger LOG = Logger.getLogger(SecretCipherProducer.class);

  @Produces
  @Singleton
  @Startup(Interceptor.Priority.LIBRARY_BEFORE)
  SecretCipher secretCipher(CryptoConfig config) {
    return new SecretCipher(keyRing(config, LaunchMode.current()));
  }

  /**
   * Builds the key ring from configuration. Without keys: fails in {@link LaunchMode#NORMAL}
   * (production), generates a random key {@value #DEV_KEY_ID} with a warning otherwise.
   */
  static KeyRing keyRing(CryptoConfig config, LaunchMode mode) {
    Map<String, String> keys = config.keys();
    if (keys.isEmpty()) {
      if (mode == LaunchMode.NORMAL) {
        throw new SecretException(
            SecretError.NO_KEY_CONFIGURED,
            "No key for secrets at rest is configured. Set the environment variable"
                + " STOREPLANE_CRYPTO_KEYS_<ID> (e.g. STOREPLANE_CRYPTO_KEYS_K2026A) to the"
                + " output of 'openssl rand -base64 32', or the property storeplane.crypto.keys.<id>");
      }
      LOG.warnf(
          "No storeplane.crypto.keys configured: %s mode uses a random key '%s' generated for this"
              + " run. Secrets it encrypts cannot be decrypted after a restart. Set"
              + " STOREPLANE_CRYPTO_KEYS_<ID> to keep them.",
          mode.getDefaultProfile(), DEV_KEY_ID);
      return KeyRing.generate(DEV_KEY_ID);
    }
    KeyRing.Builder builder = KeyRing.builder();
    keys.forEach((id, key) -> builder.addBase64Key(normalize(id), key));
    config.activeKey().map(SecretCipherProducer::normalize).ifPresent(builder::activeKeyId);
    KeyRing ring = builder.build();
    LOG.infof("Secrets at rest: %s", ring);
    return ring;
  }

  /** Environment variables are upper case; key ids are lower case. */
  private static String normalize(String keyId) {
    return keyId.strip().toLowerCase(Locale.ROOT);
  }
}
