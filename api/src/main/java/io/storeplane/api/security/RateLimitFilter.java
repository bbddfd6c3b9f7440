package io.storeplane.api.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.storeplane.api.problem.ProblemMappers;
import io.storeplane.api.problem.ProblemType;
import io.storeplane.master.token.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} when a token (or a tokenless address) goes over its rate,
 * and when an address is in its failed-authentication cool-down ({@link FailedAuthentications}).
 */
@Singleton
public class RateLimitFilter {

  private final CurrentIdentityAssociation identities;
  private final RateLimiter limiter;

  RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter limiter) {
    this.identities = identities;
    this.limiter = limiter;
  }

  /** Pre-matching, so it runs before the security checks and also bounds refused callers. */
  @ServerRequestFilter(preMatching = true)
  public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
    return identities
        .getDeferredIdentity()
        .map(
            identity -> {
              // Callers without a token are limited by address: their refusals are audited, and
              // that must not become a way to flood the audit trail.
              Object key =
                  CallerIdentity.of(identity)
                      .<Object>map(Caller::tokenId)
                      .orElseGet(() -> "ip:" + ClientAddress.of(http));
              long waitNanos = limiter.tryAcquire(key);
              return waitNanos == 0
                  ? null
                  : tooMany(request, waitNanos, "Over the request rate for this token or address");
            })
        .onFailure(failure -> failure.getCause() instanceof AuthenticationCoolDown)
        .recoverWithItem(
            failure ->
                tooMany(
                    request,
                    ((AuthenticationCoolDown) failure.getCause()).waitNanos(),
                    "Too many failed authentications from this address"));
  }

  private static Response tooMany(ContainerRequestContext request, long waitNanos, String why) {
    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999));
    return Response.fromResponse(
            ProblemMappers.respond(
                request,
                ProblemType.RATE_LIMITED,
                ProblemType.RATE_LIMITED.code(),
                why + "; retry in " + seconds + " s.",
                List.of()))
        .header("Retry-After", seconds)
        .build();
  }
}
