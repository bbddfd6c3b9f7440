package io.storeplane.api.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.storeplane.master.token.Caller;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code /api/*} request needs a token, and a store token may only touch paths under its own
 * store, {@code /api/v1/stores/<its id>/…}. Because the rule is on the path, an endpoint added
 * later is covered without anyone remembering to check; {@code @RolesAllowed} on each endpoint then
 * says which callers it serves.
 */
@ApplicationScoped
public class StoreScopePolicy implements HttpSecurityPolicy {

  static final String NAME = "store-scope";
  private static final Pattern STORE_PATH = Pattern.compile("^/api/v1/stores/([^/]+)(/.*)?$");

  @Override
  public Uni<CheckResult> checkPermission(
      RoutingContext request, Uni<SecurityIdentity> identity, AuthorizationRequestContext context) {
    return identity.map(id -> decide(id, request.normalizedPath()));
  }

  @Override
  public String name() {
    return NAME;
  }

  static CheckResult decide(SecurityIdentity identity, String path) {
    if (identity == null || identity.isAnonymous()) {
      return CheckResult.DENY;
    }
    Optional<UUID> store = CallerIdentity.of(identity).flatMap(Caller::store);
    if (store.isEmpty()) {
      return CheckResult.PERMIT;
    }
    Matcher matcher = STORE_PATH.matcher(path);
    return matcher.matches() && matcher.group(1).equalsIgnoreCase(store.get().toString())
        ? CheckResult.PERMIT
        : CheckResult.DENY;
  }
}
