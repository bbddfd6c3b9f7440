package io.storeplane.clientschema;

/**
 * Stable codes for everything that can go wrong in this module. Callers (and the REST layer's
 * problem types) switch on these, never on message text; never rename or reuse one.
 */
public enum ErrorCode {
  /** A schema version that does not exist (below 1 or above the current version). */
  UNKNOWN_SCHEMA_VERSION,
  /** A manifest resource is missing or malformed: a packaging defect, not a user error. */
  MANIFEST_INVALID,
  /** The database already holds tables with the names the schema needs but another shape. */
  SCHEMA_CLASH,
  /** The database is at a newer schema version than the one asked for; there are no downgrades. */
  SCHEMA_NEWER_THAN_TARGET,
  /** Flyway failed to bring the database to the target version. */
  MIGRATION_FAILED,
  /** Reading the database catalog (information_schema, pg_catalog) failed. */
  CATALOG_INSPECTION_FAILED,
  /** A seed value (store name, currency, locale, time zone) is not acceptable. */
  INVALID_SEED_VALUE,
  /** Writing the seed rows failed; the seeding transaction was rolled back. */
  SEED_FAILED
}
