package io.storeplane.testing.supabase;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A double project's API keys, in both generations: legacy JWTs ({@code eyJ...}, roles {@code anon}
 * and {@code service_role}) and the new opaque {@code sb_publishable_...} / {@code sb_secret_...}
 * keys.
 *
 * @param anonJwt legacy anon key
 * @param serviceRoleJwt legacy service_role key
 * @param publishable new publishable key (role anon)
 * @param secret new secret key (role service_role)
 */
public record DoubleKeys(String anonJwt, String serviceRoleJwt, String publishable, String secret) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static DoubleKeys generate(String ref) {
    return new DoubleKeys(
        jwt(ref, "anon"),
        jwt(ref, "service_role"),
        "sb_publishable_" + random(22),
        "sb_secret_" + random(22));
  }

  /** The Postgres role a key acts as, or null when the key is not one of these. */
  String roleOf(String key) {
    if (key.equals(serviceRoleJwt) || key.equals(secret)) {
      return "service_role";
    }
    if (key.equals(anonJwt) || key.equals(publishable)) {
      return "anon";
    }
    return null;
  }

  private static String jwt(String ref, String role) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF8));
    String payload =
        b64.encodeToString(
            ("{\"iss\":\"supabase\",\"ref\":\"%s\",\"role\":\"%s\",\"iat\":1700000000,\"exp\":2000000000}"
                    .formatted(ref, role))
                .getBytes(UTF8));
    return header + "." + payload + "." + random(43);
  }

  private static String random(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
