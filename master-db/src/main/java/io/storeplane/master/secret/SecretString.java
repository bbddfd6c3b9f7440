package io.storeplane.master.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A plaintext secret in memory (a password, an API key) that does not print itself: {@link
 * #toString()} is {@code ***}, so a secret that slips into a log line, an exception message or a
 * record's {@code toString()} stays hidden. Call {@link #reveal()} only where the value is used.
 *
 * <p>{@link #equals(Object)} compares in constant time; {@link #hashCode()} depends on the length
 * only.
 */
public final class SecretString {

  private static final String MASK = "***";

  private final String value;

  private SecretString(String value) {
    this.value = value;
  }

  /** Wraps {@code value}, which must not be null. */
  public static SecretString of(String value) {
    return new SecretString(Objects.requireNonNull(value, "value"));
  }

  /** The plaintext. Keep it out of logs and messages. */
  public String reveal() {
    return value;
  }

  /** Whether the secret is the empty string. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretString that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.length();
  }

  /** Always {@code ***}. */
  @Override
  public String toString() {
    return MASK;
  }
}
