package io.storeplane.provisioning.connect;

import java.time.Instant;
import java.util.Optional;

/**
 * A store's circuit breaker at one moment.
 *
 * @param state where it stands
 * @param consecutiveFailures failures since the last success
 * @param openUntil while open, when the next trial call may go through
 * @param lastFailure the last failure's summary (exception type, SQL state, message; no secrets)
 * @param lastFailureAt when it happened
 */
public record BreakerStatus(
    BreakerState state,
    int consecutiveFailures,
    Optional<Instant> openUntil,
    Optional<String> lastFailure,
    Optional<Instant> lastFailureAt) {

  /** A breaker that never saw a failure. */
  public static BreakerStatus closed() {
    return new BreakerStatus(
        BreakerState.CLOSED, 0, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
