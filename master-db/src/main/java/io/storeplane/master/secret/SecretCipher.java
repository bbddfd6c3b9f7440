package io.storeplane.master.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts secrets stored in the master database with AES-256-GCM. Every value gets a
 * fresh random 96-bit nonce and is authenticated with the caller's associated data, the identity of
 * the row that holds it (see {@link SecretLocation}), so a value copied to another row fails to
 * decrypt. The stored text, {@code v1:<keyId>:<base64url(nonce || ciphertext || tag)>}, names the
 * key that sealed it, which lets several keys be in use during a rotation.
 *
 * <p>Framework-free and thread-safe. Failures throw {@link SecretException} with an {@link
 * SecretError}; messages name key ids and associated data, never plaintexts or keys.
 */
public final class SecretCipher {

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int TAG_BITS = StoredSecret.TAG_BYTES * 8;

  private final KeyRing keyRing;
  private final SecureRandom random;

  /** A cipher over {@code keyRing}, drawing nonces from a new {@link SecureRandom}. */
  public SecretCipher(KeyRing keyRing) {
    this(keyRing, new SecureRandom());
  }

  SecretCipher(KeyRing keyRing, SecureRandom random) {
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The key ring this cipher uses. */
  public KeyRing keyRing() {
    return keyRing;
  }

  /**
   * Seals {@code plaintext} with the active key.
   *
   * @param plaintext the secret; may be empty, not null
   * @param associatedData the row identity, e.g. {@code integration_configs:42:password}; not blank
   * @return the text to store
   */
  public String encrypt(String plaintext, String associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    requireAssociatedData(associatedData);
    String keyId = keyRing.activeKeyId();
    byte[] nonce = new byte[StoredSecret.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keyRing.activeKey(), nonce);
      cipher.updateAAD(StoredSecret.authenticatedData(keyId, associatedData));
      return new StoredSecret(keyId, nonce, cipher.doFinal(input)).format();
    } catch (GeneralSecurityException e) {
      throw unavailable(e);
    } finally {
      Arrays.fill(input, (byte) 0);
    }
  }

  /** Seals a {@link SecretString}; see {@link #encrypt(String, String)}. */
  public String encrypt(SecretString plaintext, String associatedData) {
    return encrypt(Objects.requireNonNull(plaintext, "plaintext").reveal(), associatedData);
  }

  /**
   * Opens a stored value.
   *
   * @param stored the text {@link #encrypt(String, String)} returned
   * @param associatedData the same associated data it was sealed with
   * @return the plaintext
   * @throws SecretException {@link SecretError#MALFORMED} when {@code stored} is not in the stored
   *     format, {@link SecretError#UNKNOWN_KEY} when its key is not in the ring, {@link
   *     SecretError#AUTHENTICATION_FAILED} when the associated data differs or the value was
   *     altered
   */
  public String decrypt(String stored, String associatedData) {
    requireAssociatedData(associatedData);
    StoredSecret secret = StoredSecret.parse(stored);
    SecretKey key =
        keyRing
            .key(secret.keyId())
            .orElseThrow(
                () ->
                    new SecretException(
                        SecretError.UNKNOWN_KEY,
                        "Secret for '%s' was sealed with key '%s', which is not configured (known keys: %s)"
                            .formatted(associatedData, secret.keyId(), keyRing.keyIds())));
    byte[] output = null;
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, secret.nonce());
      cipher.updateAAD(StoredSecret.authenticatedData(secret.keyId(), associatedData));
      output = cipher.doFinal(secret.sealed());
      return new String(output, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SecretException(
          SecretError.AUTHENTICATION_FAILED,
          "Secret for '%s' sealed with key '%s' failed authentication: it belongs to another row, or was altered"
              .formatted(associatedData, secret.keyId()));
    } catch (GeneralSecurityException e) {
      throw unavailable(e);
    } finally {
      if (output != null) {
        Arrays.fill(output, (byte) 0);
      }
    }
  }

  /** Opens a stored value into a {@link SecretString}; see {@link #decrypt(String, String)}. */
  public SecretString decryptSecret(String stored, String associatedData) {
    return SecretString.of(decrypt(stored, associatedData));
  }

  /**
   * Whether {@code stored} was sealed with a key other than the active one and should be rewritten
   * with {@link #reencrypt(String, String)}. Needs no associated data and does not decrypt.
   *
   * @throws SecretException {@link SecretError#MALFORMED} when {@code stored} is not in the stored
   *     format
   */
  public boolean needsRotation(String stored) {
    return !StoredSecret.parse(stored).keyId().equals(keyRing.activeKeyId());
  }

  /**
   * Opens {@code stored} and seals it again with the active key. A value already sealed with the
   * active key is verified and returned unchanged, so a rotation pass may be re-run safely.
   *
   * @throws SecretException as {@link #decrypt(String, String)}
   */
  public String reencrypt(String stored, String associatedData) {
    String plaintext = decrypt(stored, associatedData);
    return needsRotation(stored) ? encrypt(plaintext, associatedData) : stored;
  }

  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM, " + keyRing + "]";
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }

  private static void requireAssociatedData(String associatedData) {
    if (associatedData == null || associatedData.isBlank()) {
      throw new IllegalArgumentException(
          "associatedData must identify the row holding the secret, e.g. table:id:column");
    }
  }

  private static SecretException unavailable(GeneralSecurityException e) {
    return new SecretException(
        SecretError.CRYPTO_UNAVAILABLE, "AES-GCM failed in this JVM: " + e.getClass().getName(), e);
  }
}
