package io.storeplane.api.security;

import io.storeplane.master.session.SignInAttempts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's sign-in attempts, taken from the same per-address failed-authentication budget as
 * bearer tokens ({@link FailedAuthentications}): one limit, one {@code auth.failed} audit tally.
 */
@ApplicationScoped
class ConsoleSignInAttempts implements SignInAttempts {

  private final FailedAuthentications failures;

  ConsoleSignInAttempts(FailedAuthentications failures) {
    this.failures = failures;
  }

  @Override
  public Attempt begin(String address, String token) {
    FailedAuthentications.Admission admission = failures.admit(address, token);
    return new Attempt() {
      @Override
      public Optional<Duration> refusedFor() {
        return admission.waitNanos() == 0
            ? Optional.empty()
            : Optional.of(Duration.ofNanos(admission.waitNanos()));
      }

      @Override
      public void succeeded() {
        failures.authenticated(address, admission);
      }

      @Override
      public void failed() {
        failures.failed(address, admission);
      }

      @Override
      public void abandoned() {
        failures.release(address, admission);
      }
    };
  }
}
