package io.storeplane.master.store;

/** The lifecycle of a store record. */
public enum StoreStatus {
  /** Serving. */
  ACTIVE,
  /** Blocked by an operator; data and database kept. */
  SUSPENDED,
  /** Soft-deleted: hidden from default listings, database kept until an explicit purge. */
  DELETED
}
