package io.storeplane.api.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.storeplane.api.problem.ProblemMappers;
import io.storeplane.api.problem.ProblemType;
import io.storeplane.master.token.Caller;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Answers 429 with {@code Retry-After} when a token goes over its request rate. */
@Singleton
public class RateLimitFilter {

  private final CurrentIdentityAssociation identities;
  private final RateLimiter limiter;

  RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter limiter) {
    this.identities = identities;
    this.limiter = limiter;
  }

  @ServerRequestFilter
  public Uni<Response> limit(ContainerRequestContext request) {
    return identities
        .getDeferredIdentity()
        .map(
            identity -> {
              var caller = CallerIdentity.of(identity).map(Caller::tokenId);
              if (caller.isEmpty()) {
                return null;
              }
              long waitNanos = limiter.tryAcquire(caller.get());
              if (waitNanos == 0) {
                return null;
              }
              long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999));
              return Response.fromResponse(
                      ProblemMappers.respond(
                          request,
                          ProblemType.RATE_LIMITED,
                          ProblemType.RATE_LIMITED.code(),
                          "This token is over its request rate; retry in " + seconds + " s.",
                          List.of()))
                  .header("Retry-After", seconds)
                  .build();
            });
  }
}
