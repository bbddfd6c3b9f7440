package io.storeplane.api.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The zero-configuration encryption key: when Storeplane runs on its embedded master database and
 * no {@code STOREPLANE_CRYPTO_KEYS_*} key is configured, secrets are sealed with a key kept beside
 * the data ({@code .storeplane/crypto-key}, readable by its owner only), so a restart can still
 * open them. A configured master database always needs a configured key: production keeps keys and
 * data apart.
 */
final class LocalKeyFile {

  private static final Logger LOG = Logger.getLogger(LocalKeyFile.class);
  private static final String KEY_ID = "local";

  private LocalKeyFile() {}

  /** Configures the local key unless a key is configured already. */
  static void useUnlessConfigured(Path file) {
    boolean configured =
        System.getenv().keySet().stream().anyMatch(k -> k.startsWith("STOREPLANE_CRYPTO_KEYS_"))
            || System.getProperties().stringPropertyNames().stream()
                .anyMatch(k -> k.startsWith("storeplane.crypto.keys."));
    if (configured) {
      return;
    }
    System.setProperty("storeplane.crypto.keys." + KEY_ID, readOrCreate(file));
    LOG.infof(
        "No encryption key configured: sealing secrets with the local key in %s (set"
            + " STOREPLANE_CRYPTO_KEYS_<ID> in production)",
        file);
  }

  private static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      String encoded = Base64.getEncoder().encodeToString(key);
      Files.createDirectories(file.getParent());
      Files.writeString(file, encoded);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return encoded;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the local key " + file, e);
    }
  }
}
