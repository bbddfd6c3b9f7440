package io.storeplane.fleet.rollout;

/** Where one store of a rollout stands. */
public enum ItemState {
  /** Not begun, or waiting to be tried again (its schema lock was busy, a lock timeout). */
  PENDING,
  /** A worker migrates it now. */
  RUNNING,
  /** Migrated to the target by this rollout. */
  APPLIED,
  /** Its migration failed for good (or ran out of attempts); retry-failed tries it again. */
  FAILED,
  /** Already at the target (from the ledger), or the rollout was cancelled before it. */
  SKIPPED
}
