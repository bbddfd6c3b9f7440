package io.storeplane.master.secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The parsed form of a stored secret: {@code v1:<keyId>:<base64url(nonce || ciphertext || tag)>}.
 * Parse errors never quote the input: a malformed "stored value" may be a plaintext that was
 * written unencrypted.
 */
record StoredSecret(String keyId, byte[] nonce, byte[] sealed) {

  static final String VERSION = "v1";
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  static StoredSecret parse(String stored) {
    if (stored == null) {
      throw malformed("it is null");
    }
    String[] parts = stored.split(":", 3);
    if (parts.length != 3) {
      throw malformed("it does not have the form v1:<keyId>:<payload>");
    }
    if (!VERSION.equals(parts[0])) {
      throw malformed("its format version is not " + VERSION);
    }
    if (!KeyRing.isValidKeyId(parts[1])) {
      throw malformed("its key id is not [a-z0-9-]{1,32}");
    }
    byte[] payload;
    try {
      payload = DECODER.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw malformed("its payload is not base64url");
    }
    if (payload.length < NONCE_BYTES + TAG_BYTES) {
      throw malformed("its payload is too short for a nonce and a tag");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    byte[] sealed = new byte[payload.length - NONCE_BYTES];
    System.arraycopy(payload, 0, nonce, 0, NONCE_BYTES);
    System.arraycopy(payload, NONCE_BYTES, sealed, 0, sealed.length);
    return new StoredSecret(parts[1], nonce, sealed);
  }

  /** The text stored in the database. */
  String format() {
    byte[] payload = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, payload, 0, nonce.length);
    System.arraycopy(sealed, 0, payload, nonce.length, sealed.length);
    return header(keyId) + ENCODER.encodeToString(payload);
  }

  /**
   * The bytes GCM authenticates besides the ciphertext: the header, so the version and key id
   * cannot be swapped, and the caller's associated data (the row identity).
   */
  static byte[] authenticatedData(String keyId, String associatedData) {
    return (header(keyId) + associatedData).getBytes(StandardCharsets.UTF_8);
  }

  private static String header(String keyId) {
    return VERSION + ":" + keyId + ":";
  }

  private static SecretException malformed(String reason) {
    return new SecretException(SecretError.MALFORMED, "Stored secret is malformed: " + reason);
  }
}
