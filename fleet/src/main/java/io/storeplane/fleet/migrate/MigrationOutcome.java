package io.storeplane.fleet.migrate;

/** How one store's migration ended. */
public enum MigrationOutcome {
  /** Every version up to the target was applied now. */
  APPLIED,
  /** The ledger says the store is at or after the target: nothing was opened or changed. */
  SKIPPED,
  /** Another schema change of the store holds its lock: nothing was done; try again later. */
  BUSY,
  /** A version failed; the result and the ledger carry its error code and message. */
  FAILED
}
