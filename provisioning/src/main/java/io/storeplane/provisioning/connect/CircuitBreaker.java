package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One store's circuit breaker: {@code threshold} consecutive failures open it; while open, calls
 * fail at once; after the cool-down a single trial call is let through (half-open) and its outcome
 * closes the breaker or opens it for another cool-down. Only failures of the database itself count
 * (no connection, timeouts); a caller's bad SQL proves the database answers and counts as success.
 *
 * <p>The closed state is read without locking, so a healthy store pays one volatile read per call.
 */
final class CircuitBreaker {

  /** What {@link #acquire()} granted; hand it back with the outcome. */
  enum Permit {
    CALL,
    TRIAL
  }

  private final String poolName;
  private final RouteStamp stamp;
  private final int threshold;
  private final Duration coolDown;
  private final Clock clock;
  private final BiConsumer<String, BreakerState> onTransition;

  private volatile BreakerState state = BreakerState.CLOSED;
  private volatile int failures;
  private Instant openUntil;
  private boolean trialInFlight;
  private String lastFailure;
  private Instant lastFailureAt;

  CircuitBreaker(
      String poolName,
      RouteStamp stamp,
      int threshold,
      Duration coolDown,
      Clock clock,
      BiConsumer<String, BreakerState> onTransition) {
    this.poolName = poolName;
    this.stamp = stamp;
    this.threshold = threshold;
    this.coolDown = coolDown;
    this.clock = clock;
    this.onTransition = onTransition;
  }

  /**
   * Asks to make a call.
   *
   * @throws ProvisioningException {@link ProvisioningError#STORE_DATABASE_UNAVAILABLE} while open,
   *     or while another caller's trial call is deciding
   */
  Permit acquire() {
    if (state == BreakerState.CLOSED) {
      return Permit.CALL;
    }
    synchronized (this) {
      switch (state) {
        case CLOSED:
          return Permit.CALL;
        case OPEN:
          if (clock.instant().isBefore(openUntil)) {
            throw unavailable();
          }
          transition(BreakerState.HALF_OPEN);
          trialInFlight = true;
          return Permit.TRIAL;
        default:
          if (trialInFlight) {
            throw unavailable();
          }
          trialInFlight = true;
          return Permit.TRIAL;
      }
    }
  }

  /** The call reached the database. */
  void onSuccess(Permit permit) {
    if (permit == Permit.CALL && state == BreakerState.CLOSED && failures == 0) {
      return;
    }
    synchronized (this) {
      if (permit == Permit.TRIAL) {
        trialInFlight = false;
        failures = 0;
        openUntil = null;
        transition(BreakerState.CLOSED);
      } else if (state == BreakerState.CLOSED) {
        failures = 0;
      }
    }
  }

  /** The database failed the call: no connection, a broken one, or a timeout. */
  synchronized void onFailure(Permit permit, String summary) {
    lastFailure = summary;
    lastFailureAt = clock.instant();
    failures = failures + 1;
    if (permit == Permit.TRIAL) {
      trialInFlight = false;
      open();
    } else if (state == BreakerState.CLOSED && failures >= threshold) {
      open();
    }
  }

  /** The call ended without a verdict on the database (e.g. no budget); frees a trial slot. */
  void onIgnored(Permit permit) {
    if (permit == Permit.TRIAL) {
      synchronized (this) {
        trialInFlight = false;
      }
    }
  }

  /** Whether this breaker judges the connection settings of {@code other}. */
  boolean builtFor(RouteStamp other) {
    return stamp.equals(other);
  }

  synchronized BreakerStatus status() {
    return new BreakerStatus(
        state,
        failures,
        Optional.ofNullable(openUntil),
        Optional.ofNullable(lastFailure),
        Optional.ofNullable(lastFailureAt));
  }

  BreakerState state() {
    return state;
  }

  private void open() {
    openUntil = clock.instant().plus(coolDown);
    transition(BreakerState.OPEN);
  }

  private void transition(BreakerState next) {
    BreakerState previous = state;
    state = next;
    if (previous != next) {
      onTransition.accept(poolName, next);
    }
  }

  private ProvisioningException unavailable() {
    String why =
        state == BreakerState.OPEN
            ? "calls fail fast until %s, then one trial call decides".formatted(openUntil)
            : "a trial call is deciding whether it is back";
    return new ProvisioningException(
        ProvisioningError.STORE_DATABASE_UNAVAILABLE,
        "The database of pool %s is unavailable after %d consecutive failures (last: %s); %s."
            .formatted(poolName, failures, lastFailure, why),
        "The store's database is unavailable after %d consecutive failures; %s."
            .formatted(failures, why),
        java.util.List.of(),
        null);
  }
}
