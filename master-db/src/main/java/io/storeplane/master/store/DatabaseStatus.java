package io.storeplane.master.store;

/** Where a store's database stands. */
public enum DatabaseStatus {
  /** No database chosen or not yet requested. */
  NONE,
  /** A provisioning job is working on it. */
  PROVISIONING,
  /** Ready, at the current client schema. */
  ACTIVE,
  /** The last provisioning job failed; see the job for why. */
  FAILED,
  /** Connections refused on purpose (store suspended or deprovisioned). */
  SUSPENDED
}
