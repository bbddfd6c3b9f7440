package io.storeplane.api.security;

/**
 * Why {@link BearerTokenMechanism} refused a credential without looking it up: its address is in a
 * failed-authentication cool-down. {@link RateLimitFilter} answers it with 429 and {@code
 * Retry-After}.
 */
final class AuthenticationCoolDown extends RuntimeException {

  private final long waitNanos;

  AuthenticationCoolDown(long waitNanos) {
    super("Too many failed authentications from this address", null, false, false);
    this.waitNanos = waitNanos;
  }

  long waitNanos() {
    return waitNanos;
  }
}
