package io.storeplane.console.session;

import io.storeplane.master.session.ConsoleSessionService;
import io.storeplane.master.token.Caller;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every console page: a request under {@code /console} (but the sign-in page) needs a live
 * session, else it is sent to sign in (an htmx request is told so with {@code HX-Redirect}). A post
 * whose {@code Origin} is another site's is refused before anything else; each form's CSRF token
 * and the role are then checked by {@link ConsoleRequest#admitPost}.
 */
public class SessionFilter {

  static final String SIGN_IN = "/console/sign-in";

  private final ConsoleSessionService sessions;
  private final ConsoleConfig config;
  private final ConsoleRequest console;

  SessionFilter(ConsoleSessionService sessions, ConsoleConfig config, ConsoleRequest console) {
    this.sessions = sessions;
    this.config = config;
    this.console = console;
  }

  @ServerRequestFilter
  public Response guard(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.equals("/console") && !path.startsWith("/console/")) {
      return null;
    }
    if (HttpMethod.POST.equals(request.getMethod()) && crossSite(request)) {
      throw new ConsoleRefusal(403, "This form did not come from the console.");
    }
    Optional<String> sessionId = SessionCookie.of(request);
    Optional<Caller> caller = sessionId.flatMap(id -> sessions.resume(id, config.idleTimeout()));
    if (caller.isPresent()) {
      console.signedIn(sessionId.get(), caller.get());
      return null;
    }
    if (path.equals(SIGN_IN)) {
      return null;
    }
    boolean secure = SessionCookie.overTls(request);
    if (request.getHeaderString("HX-Request") != null) {
      return Response.status(401)
          .header("HX-Redirect", SIGN_IN)
          .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(secure))
          .build();
    }
    return Response.seeOther(URI.create(SIGN_IN))
        .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(secure))
        .build();
  }

  /**
   * Whether the request names an {@code Origin} other than the host it was sent to: the request
   * URI's authority, which follows {@code X-Forwarded-Host} / {@code Forwarded} when the proxy
   * settings ({@code quarkus.http.proxy.*}) are on, so a proxy that rewrites {@code Host} does not
   * make every console post cross-site.
   */
  private static boolean crossSite(ContainerRequestContext request) {
    String origin = request.getHeaderString("Origin");
    if (origin == null) {
      return false;
    }
    String host = request.getUriInfo().getRequestUri().getRawAuthority();
    try {
      URI from = URI.create(origin);
      String authority = from.getRawAuthority();
      return host == null || authority == null || !authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
