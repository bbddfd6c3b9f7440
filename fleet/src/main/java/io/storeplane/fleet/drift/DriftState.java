package io.storeplane.fleet.drift;

/** What the last check of a store's schema found. */
public enum DriftState {
  /** The database holds exactly what its version expects (and perhaps tables of its own). */
  CLEAN,
  /** The database differs from its version's expected schema. */
  DRIFTED,
  /** The database could not be reached or read. */
  UNREACHABLE
}
