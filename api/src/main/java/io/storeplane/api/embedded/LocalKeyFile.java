package io.storeplane.api.embedded;

import io.storeplane.api.startup.StartupFailure;
import java.io.IOException;
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
 *
 * <p>A key file that is not a base64-encoded 32-byte key, or that cannot be read or written, is a
 * {@link StartupFailure} naming the file, before the embedded server starts.
 */
final class LocalKeyFile {

  private static final Logger LOG = Logger.getLogger(LocalKeyFile.class);
  private static final String KEY_ID = "local";
  private static final int KEY_BYTES = 32;

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
        return valid(file, Files.readString(file).trim());
      }
      byte[] key = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(key);
      String encoded = Base64.getEncoder().encodeToString(key);
      Files.createDirectories(file.getParent());
      Files.writeString(file, encoded);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return encoded;
    } catch (IOException e) {
      throw new StartupFailure(
          ("Could not read or create the local encryption key %s (%s). Check the folder's"
                  + " permissions, or set STOREPLANE_EMBEDDED_POSTGRES_DIR to a folder this user"
                  + " may write (the key is kept beside it).")
              .formatted(file, e.getMessage()),
          e);
    }
  }

  private static String valid(Path file, String encoded) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != KEY_BYTES) {
      throw new StartupFailure(
          ("The local encryption key %s is not a base64-encoded %d-byte key. Restore it from a"
                  + " backup (the secrets in the embedded master database were sealed with it), or"
                  + " delete the folder %s to start afresh with no data.")
              .formatted(file, KEY_BYTES, file.getParent()),
          null);
    }
    return encoded;
  }
}
