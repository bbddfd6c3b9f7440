package io.storeplane.provisioning.connect;

import java.util.Locale;

/** Where a store's circuit breaker stands. */
public enum BreakerState {
  /** Calls go through; consecutive failures are counted. */
  CLOSED,
  /** Calls fail at once with {@code store-database-unavailable} until the cool-down ends. */
  OPEN,
  /** The cool-down is over: one trial call is let through and its outcome decides. */
  HALF_OPEN;

  /** The name the API and metrics use, e.g. {@code half-open}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
