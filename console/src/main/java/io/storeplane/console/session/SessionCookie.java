package io.storeplane.console.session;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's session cookie: the session id only, HttpOnly, SameSite=Strict, scoped to {@code
 * /console}, Secure when the request came over TLS (directly or through a trusted proxy). It has no
 * expiry of its own: the session's end is decided in the master.
 */
final class SessionCookie {

  static final String NAME = "storeplane_console";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

  private SessionCookie() {}

  /** The session id the request carries, when it carries a well-formed one. */
  static Optional<String> of(ContainerRequestContext request) {
    Cookie cookie = request.getCookies().get(NAME);
    return Optional.ofNullable(cookie)
        .map(Cookie::getValue)
        .filter(value -> WELL_FORMED.matcher(value).matches());
  }

  /** The {@code Set-Cookie} value that hands the browser a session. */
  static String set(String sessionId, boolean secure) {
    return NAME
        + "="
        + sessionId
        + "; Path=/console; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  /** The {@code Set-Cookie} value that makes the browser forget its session. */
  static String clear(boolean secure) {
    return NAME
        + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  static boolean overTls(ContainerRequestContext request) {
    return "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme());
  }
}
