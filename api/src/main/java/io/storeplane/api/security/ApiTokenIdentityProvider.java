package io.storeplane.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.token.Caller;
import io.storeplane.master.token.TokenService;
import io.storeplane.master.user.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Turns a bearer token into an identity whose roles are the caller's {@link Permissions}. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  private final TokenService tokens;

  ApiTokenIdentityProvider(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    String token = request.getToken().getToken();
    return context.runBlocking(() -> identity(token));
  }

  /**
   * A suspended store's live token fails with its suspension's problem as the cause, so the problem
   * mapper answers that problem rather than a plain 401.
   */
  private SecurityIdentity identity(String token) {
    try {
      return tokens
          .authenticate(token)
          .map(ApiTokenIdentityProvider::identity)
          .orElseThrow(
              () ->
                  new AuthenticationFailedException(
                      "The token is unknown, revoked or expired, or its owner is inactive"));
    } catch (MasterDataException refused) {
      throw new AuthenticationFailedException(refused.getMessage(), refused);
    }
  }

  private static SecurityIdentity identity(Caller caller) {
    Set<String> roles =
        caller.store().isPresent() ? Set.of(Permissions.STORE_SELF) : Permissions.of(caller.role());
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(caller.label()))
        .addRoles(roles)
        .addAttribute(CallerIdentity.ATTRIBUTE, caller)
        .build();
  }
}
