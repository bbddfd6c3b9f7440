package io.storeplane.console.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF token of a session: an HMAC-SHA256 keyed by the session id, which only the browser's
 * HttpOnly cookie holds. A page from another site can neither read the cookie nor this token, so a
 * form it forges carries no valid token; nothing needs storing, and every instance derives the same
 * token.
 */
final class Csrf {

  private static final byte[] LABEL = "storeplane-console-csrf".getBytes(StandardCharsets.UTF_8);

  private Csrf() {}

  static String tokenFor(String sessionId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(sessionId.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(LABEL));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Whether {@code presented} is the session's token (compared in constant time). */
  static boolean matches(String sessionId, String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        tokenFor(sessionId).getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }
}
