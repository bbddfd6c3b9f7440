package io.storeplane.master.secret;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/**
 * Keys for secrets at rest ({@code storeplane.crypto.*}). Keys belong in the environment or a
 * secret store, never in a committed properties file.
 *
 * <pre>
 * STOREPLANE_CRYPTO_KEYS_K2026A=$(openssl rand -base64 32)
 * STOREPLANE_CRYPTO_ACTIVE_KEY=k2026a   # needed once more than one key is configured
 * </pre>
 */
@ConfigMapping(prefix = "storeplane.crypto")
public interface CryptoConfig {

  /**
   * The AES-256 keys, by key id: {@code storeplane.crypto.keys.<id>=<base64 of 32 bytes>}, or the
   * environment variable {@code STOREPLANE_CRYPTO_KEYS_<ID>}. Ids are lower-cased and must match
   * {@code [a-z0-9-]{1,32}} (from the environment, letters and digits only). Keep every key that
   * still seals a stored value. Default: none; in production mode the application then refuses to
   * start, in dev and test mode it generates a throw-away key {@code dev} and logs a warning.
   */
  Map<String, String> keys();

  /**
   * The id of the key that encrypts new values ({@code STOREPLANE_CRYPTO_ACTIVE_KEY}). Default: the
   * only configured key; required when several are configured.
   */
  Optional<String> activeKey();
}
