package io.storeplane.master.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes and hashes token strings. A token is {@code spt_} followed by 43 URL-safe characters (256
 * random bits), so a SHA-256 hash is enough to store it: there is nothing to brute-force.
 */
public final class TokenSecrets {

  /** Tokens given from outside (bootstrap automation) must be at least this long. */
  public static final int MIN_LENGTH = 32;

  private static final String PREFIX = "spt_";
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  /** A new random token. */
  public static String generate() {
    StringBuilder token = new StringBuilder(PREFIX);
    for (int i = 0; i < 43; i++) {
      token.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return token.toString();
  }

  /** The hex SHA-256 of a token, as stored. */
  public static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The visible start of a token, safe to show and log. */
  public static String prefixOf(String token) {
    return token.substring(0, Math.min(12, token.length()));
  }
}
