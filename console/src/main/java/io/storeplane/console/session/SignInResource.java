package io.storeplane.console.session;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.master.session.ConsoleSessionService;
import io.storeplane.master.session.SignIn;
import io.storeplane.master.session.SignInAttempts;
import io.storeplane.master.session.SignInRefused;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Signing in with a platform user's API token, and out. The token is checked once and never kept in
 * the browser: the browser gets a session cookie, the master a hash of the session's id. Each
 * sign-in takes an attempt from its address's failed-authentication budget (the REST API's, through
 * {@link SignInAttempts}) before the token is looked up; past it, the page answers 429.
 */
@Path("/console")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

  /** Longer than any token this platform issues or accepts. */
  private static final int MAX_TOKEN_LENGTH = 512;

  private final ConsoleSessionService sessions;
  private final SignInAttempts attempts;
  private final ConsoleConfig config;
  private final ConsoleRequest console;
  private final Template signIn;

  SignInResource(
      ConsoleSessionService sessions,
      SignInAttempts attempts,
      ConsoleConfig config,
      ConsoleRequest console,
      @Location("console/sign-in.html") Template signIn) {
    this.sessions = sessions;
    this.attempts = attempts;
    this.config = config;
    this.console = console;
    this.signIn = signIn;
  }

  @GET
  @Path("/sign-in")
  public Response form() {
    if (console.isSignedIn()) {
      return Response.seeOther(URI.create("/console")).build();
    }
    return page(200, null);
  }

  @POST
  @Path("/sign-in")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(
      @FormParam("token") String token,
      @Context ContainerRequestContext request,
      @Context HttpServerRequest http) {
    String presented = token == null ? "" : token.strip();
    if (presented.isEmpty()) {
      return page(400, "Enter a platform user's API token.");
    }
    SignInAttempts.Attempt attempt =
        attempts.begin(
            http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress(),
            presented);
    Optional<Duration> wait = attempt.refusedFor();
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      return Response.fromResponse(
              page(
                  429,
                  "Too many failed sign-ins from your address. Try again in "
                      + seconds
                      + " seconds."))
          .header("Retry-After", seconds)
          .build();
    }
    if (presented.length() > MAX_TOKEN_LENGTH) {
      attempt.failed();
      return page(401, SignInRefused.UNKNOWN_TOKEN.message());
    }
    SignIn outcome;
    try {
      outcome = sessions.open(presented, config.idleTimeout());
    } catch (RuntimeException notJudged) {
      attempt.abandoned();
      throw notJudged;
    }
    if (outcome instanceof SignIn.Refused refused) {
      if (refused.reason() == SignInRefused.UNKNOWN_TOKEN) {
        attempt.failed();
      } else {
        attempt.abandoned();
      }
      return page(401, refused.reason().message());
    }
    attempt.succeeded();
    String sessionId = ((SignIn.Opened) outcome).session().id();
    return Response.seeOther(URI.create("/console"))
        .header(
            HttpHeaders.SET_COOKIE, SessionCookie.set(sessionId, SessionCookie.overTls(request)))
        .header("Cache-Control", "no-store")
        .build();
  }

  @POST
  @Path("/sign-out")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signOut(
      @FormParam("csrf") String csrf, @Context ContainerRequestContext request) {
    console.admitPost(csrf, null);
    sessions.close(console.sessionId());
    return Response.seeOther(URI.create(SessionFilter.SIGN_IN))
        .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(SessionCookie.overTls(request)))
        .build();
  }

  private Response page(int status, String error) {
    // The token field is never filled back in: a refused token is not echoed.
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .entity(signIn.data("error", error).render())
        .build();
  }
}
