package io.storeplane.fleet.preflight;

import java.util.Locale;

/** What a preflight found for one store. */
public enum PreflightState {
  /** Reachable, no drift, no data the migrations would reject: the migration can apply. */
  READY,
  /**
   * Reachable, but drifted from its version's schema or holding data the migrations would reject.
   */
  BLOCKED,
  /** The store could not be checked (its database unreachable, suspended, absent, unreadable). */
  UNREACHABLE,
  /**
   * Already at or after the target version: nothing to do (from the ledger, without a connection).
   */
  UP_TO_DATE;

  /** The state as every reader names it: {@code ready}, {@code blocked}, {@code up-to-date}... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
