package io.storeplane.provisioning.supabase;

import io.storeplane.master.secret.SecretString;
import java.util.Objects;
import java.util.Optional;

/**
 * A project API key and the headers it travels in, following the Supabase CLI ({@code
 * withAuthToken}): every request carries {@code apikey: <key>}; a legacy JWT key ({@code eyJ...})
 * also goes as {@code Authorization: Bearer <key>}, because PostgREST takes the role from the JWT;
 * a new opaque key ({@code sb_publishable_...}, {@code sb_secret_...}) is not a JWT and goes in
 * {@code apikey} only.
 */
public final class SupabaseKey {

  private final SecretString value;

  private SupabaseKey(SecretString value) {
    this.value = value;
  }

  /**
   * Wraps a key.
   *
   * @throws IllegalArgumentException when it is empty or contains whitespace (a paste mistake)
   */
  public static SupabaseKey of(SecretString value) {
    Objects.requireNonNull(value, "value");
    String key = value.reveal();
    if (key.isEmpty()
        || !key.strip().equals(key)
        || key.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("A Supabase API key must be non-empty, without spaces");
    }
    return new SupabaseKey(value);
  }

  /** Whether this is a new-style opaque key ({@code sb_...}). */
  public boolean isOpaque() {
    return value.reveal().startsWith("sb_");
  }

  /** The {@code apikey} header value. */
  public String apikeyHeader() {
    return value.reveal();
  }

  /** The {@code Authorization} header value: {@code Bearer <key>} for JWT keys, else empty. */
  public Optional<String> authorizationHeader() {
    return isOpaque() ? Optional.empty() : Optional.of("Bearer " + value.reveal());
  }

  /** The key itself. */
  public SecretString secret() {
    return value;
  }

  @Override
  public String toString() {
    return isOpaque() ? "SupabaseKey[opaque, ***]" : "SupabaseKey[jwt, ***]";
  }
}
