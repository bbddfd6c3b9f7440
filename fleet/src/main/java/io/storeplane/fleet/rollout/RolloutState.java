package io.storeplane.fleet.rollout;

/** Where a rollout stands. */
public enum RolloutState {
  /** Its workers migrate the current phase's stores (or wait for the canary's soak). */
  RUNNING,
  /** Stopped by an operator or by a phase past its failure rate; resume or retry-failed goes on. */
  PAUSED,
  /** Every phase ended. */
  COMPLETED,
  /** Stopped for good; the stores not yet begun were skipped. */
  CANCELLED
}
