package io.storeplane.api.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.storeplane.master.token.Caller;
import java.util.Optional;

/** Reads the {@link Caller} that {@link ApiTokenIdentityProvider} attached to an identity. */
public final class CallerIdentity {

  static final String ATTRIBUTE = "storeplane.caller";

  private CallerIdentity() {}

  /** The caller behind an identity; empty for an anonymous one. */
  public static Optional<Caller> of(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      return Optional.empty();
    }
    return Optional.ofNullable(identity.getAttribute(ATTRIBUTE));
  }
}
