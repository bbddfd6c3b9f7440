package io.storeplane.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.storeplane.error.StoreplaneException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>}. No header means an anonymous caller (endpoints then
 * refuse with 401); a header that is not a bearer token fails authentication at once. Every failed
 * credential counts against its client address ({@link FailedAuthentications}); an address past its
 * limit is refused before any master lookup, unless its token authenticated here recently.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

  private static final String SCHEME = "Bearer ";

  private final FailedAuthentications failures;

  BearerTokenMechanism(FailedAuthentications failures) {
    this.failures = failures;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String header = context.request().getHeader("Authorization");
    if (header == null) {
      return Uni.createFrom().optional(Optional.empty());
    }
    String address = ClientAddress.of(context.request());
    String token = bearerToken(header);
    FailedAuthentications.Admission admission = failures.admit(address, token);
    if (admission.waitNanos() > 0) {
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException(new AuthenticationCoolDown(admission.waitNanos())));
    }
    if (token == null) {
      failures.failed(address, admission);
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException("The Authorization header is not a bearer token"));
    }
    return identityProviderManager
        .authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")))
        .invoke(identity -> failures.authenticated(address, admission))
        .onFailure()
        .invoke(
            failure -> {
              if (badCredential(failure)) {
                failures.failed(address, admission);
              } else {
                failures.release(address, admission);
              }
            })
        .onCancellation()
        .invoke(() -> failures.release(address, admission));
  }

  /** The token of a bearer header, or {@code null} when the header is not one. */
  private static String bearerToken(String header) {
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        || header.length() == SCHEME.length()
        || header.length() > 512) {
      return null;
    }
    return header.substring(SCHEME.length()).trim();
  }

  /**
   * An unknown, revoked or expired token, or an inactive owner; not a suspended store's live token
   * (its cause is the suspension's problem) nor a master database failure.
   */
  private static boolean badCredential(Throwable failure) {
    return failure instanceof AuthenticationFailedException
        && !(failure.getCause() instanceof StoreplaneException);
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }
}
