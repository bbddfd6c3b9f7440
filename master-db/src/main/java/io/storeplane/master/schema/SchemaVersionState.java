package io.storeplane.master.schema;

/** Where one client schema version stands in one store's database (the ledger's {@code state}). */
public enum SchemaVersionState {
  /** Queued by a migration run that has not reached it yet. */
  PENDING,
  /** Being applied now. */
  RUNNING,
  /** In the store's database. */
  APPLIED,
  /** The last attempt failed; the row carries the error. */
  FAILED,
  /** A run stopped before it: an earlier version of the same run failed. */
  SKIPPED
}
