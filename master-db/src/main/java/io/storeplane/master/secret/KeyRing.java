package io.storeplane.master.secret;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys secrets may be sealed with, by key id, and the one key new values are sealed
 * with. Immutable: build one with {@link #builder()}, which validates everything once.
 *
 * <p>Several keys open values (old keys stay until a rotation has rewritten every value); only the
 * active key seals. {@link #toString()} names key ids only.
 */
public final class KeyRing {

  /** The length of every key: 256 bits. */
  public static final int KEY_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[a-z0-9-]{1,32}");
  private static final String GENERATE_HINT = "generate one with: openssl rand -base64 32";

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  private KeyRing(Map<String, SecretKey> keys, String activeKeyId) {
    this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    this.activeKeyId = activeKeyId;
  }

  /** A builder for a key ring. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A ring holding one freshly generated random key, active. Values sealed with it cannot be opened
   * by any other process; for development and tests only.
   */
  public static KeyRing generate(String keyId) {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    try {
      return builder().addKey(keyId, key).build();
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Whether {@code keyId} is a syntactically valid key id: {@code [a-z0-9-]{1,32}}. */
  public static boolean isValidKeyId(String keyId) {
    return keyId != null && KEY_ID.matcher(keyId).matches();
  }

  /** The id of the key new values are sealed with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  /** The ids of all keys values may be opened with, sorted. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /** Whether this ring holds a key with id {@code keyId}. */
  public boolean contains(String keyId) {
    return keys.containsKey(keyId);
  }

  Optional<SecretKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  SecretKey activeKey() {
    return keys.get(activeKeyId);
  }

  @Override
  public String toString() {
    return "KeyRing[active=" + activeKeyId + ", keys=" + keys.keySet() + "]";
  }

  /**
   * Collects keys and the active key id; {@link #build()} validates them and returns an immutable
   * ring. Errors name the key id, never the key.
   */
  public static final class Builder {
    private final Map<String, SecretKey> keys = new TreeMap<>();
    private String activeKeyId;

    private Builder() {}

    /**
     * Adds a raw 256-bit key. The array is copied; the caller may clear it afterwards.
     *
     * @throws SecretException {@link SecretError#INVALID_KEY} for a bad id or a key that is not 32
     *     bytes, {@link SecretError#INVALID_KEY_RING} for a duplicate id
     */
    public Builder addKey(String keyId, byte[] key) {
      requireValidKeyId(keyId);
      Objects.requireNonNull(key, "key");
      if (key.length != KEY_BYTES) {
        throw new SecretException(
            SecretError.INVALID_KEY,
            "Key '%s' must be %d bytes (256 bits) but is %d bytes; %s"
                .formatted(keyId, KEY_BYTES, key.length, GENERATE_HINT));
      }
      if (keys.containsKey(keyId)) {
        throw new SecretException(
            SecretError.INVALID_KEY_RING, "Key id '%s' is configured twice".formatted(keyId));
      }
      keys.put(keyId, new SecretKeySpec(key, "AES"));
      return this;
    }

    /**
     * Adds a 256-bit key given as base64 (standard or URL-safe alphabet, padding optional,
     * surrounding whitespace ignored).
     *
     * @throws SecretException {@link SecretError#INVALID_KEY} for a bad id, text that is not base64
     *     or a key that is not 32 bytes after decoding
     */
    public Builder addBase64Key(String keyId, String base64Key) {
      requireValidKeyId(keyId);
      if (base64Key == null || base64Key.isBlank()) {
        throw new SecretException(
            SecretError.INVALID_KEY, "Key '%s' is empty; %s".formatted(keyId, GENERATE_HINT));
      }
      byte[] key = decode(keyId, base64Key.strip());
      try {
        return addKey(keyId, key);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }

    /** Sets the key new values are sealed with; optional when the ring holds exactly one key. */
    public Builder activeKeyId(String keyId) {
      requireValidKeyId(keyId);
      this.activeKeyId = keyId;
      return this;
    }

    /**
     * Validates and seals the ring.
     *
     * @throws SecretException {@link SecretError#INVALID_KEY_RING} when there is no key, the active
     *     key id is not among the keys, or several keys are configured and none is named active
     */
    public KeyRing build() {
      if (keys.isEmpty()) {
        throw new SecretException(
            SecretError.INVALID_KEY_RING, "A key ring needs at least one key");
      }
      String active = activeKeyId;
      if (active == null) {
        if (keys.size() > 1) {
          throw new SecretException(
              SecretError.INVALID_KEY_RING,
              "Several keys are configured %s; name the one that encrypts new values as the active key"
                  .formatted(keys.keySet()));
        }
        active = keys.keySet().iterator().next();
      } else if (!keys.containsKey(active)) {
        throw new SecretException(
            SecretError.INVALID_KEY_RING,
            "The active key '%s' is not among the configured keys %s"
                .formatted(active, keys.keySet()));
      }
      return new KeyRing(keys, active);
    }

    private static byte[] decode(String keyId, String text) {
      boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
      try {
        return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
      } catch (IllegalArgumentException e) {
        // The decoder's message quotes the offending character: leave it out.
        throw new SecretException(
            SecretError.INVALID_KEY,
            "Key '%s' is not valid base64; %s".formatted(keyId, GENERATE_HINT));
      }
    }

    private static void requireValidKeyId(String keyId) {
      if (!isValidKeyId(keyId)) {
        // Echo short ids only: a long "id" may be a key passed in the wrong argument.
        String shown =
            keyId == null ? "null" : keyId.length() <= 32 ? "'" + keyId + "'" : "(too long)";
        throw new SecretException(
            SecretError.INVALID_KEY,
            "Key id %s is invalid: use 1 to 32 characters of [a-z0-9-]".formatted(shown));
      }
    }
  }
}
