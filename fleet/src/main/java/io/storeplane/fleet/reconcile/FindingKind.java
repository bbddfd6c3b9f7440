package io.storeplane.fleet.reconcile;

/** What the reconciler found on a managed server. */
public enum FindingKind {
  /** A database with Storeplane's name prefix that the registry does not know. */
  ORPHAN_DATABASE,
  /** A login with Storeplane's name prefix that no known database or warm-pool entry uses. */
  ORPHAN_LOGIN,
  /** A store's registered database that the server does not have. */
  MISSING_DATABASE,
  /** A store's (or warm-pool entry's) database owned by another login than its own (PostgreSQL). */
  OWNER_MISMATCH
}
