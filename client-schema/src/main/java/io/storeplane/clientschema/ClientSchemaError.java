package io.storeplane.clientschema;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * Stable codes for everything that can go wrong in this module. Callers (and the REST layer's
 * problem types) switch on these, never on message text; never rename or reuse one.
 */
public enum ClientSchemaError implements ErrorCode {
  /** A schema version that does not exist (below 1 or above the current version). */
  UNKNOWN_SCHEMA_VERSION(ErrorKind.INVALID),
  /** A manifest resource is missing or malformed: a packaging defect, not a user error. */
  MANIFEST_INVALID(ErrorKind.INTERNAL),
  /** The database already holds tables with the names the schema needs but another shape. */
  SCHEMA_CLASH(ErrorKind.CONFLICT),
  /** The database is at a newer schema version than the one asked for; there are no downgrades. */
  SCHEMA_NEWER_THAN_TARGET(ErrorKind.CONFLICT),
  /** Flyway failed to bring the database to the target version. */
  MIGRATION_FAILED(ErrorKind.UNAVAILABLE),
  /**
   * After migrating, the catalog still lacks (or has otherwise) a table, column or constraint of
   * the target version's manifest: the database does not have the schema its history claims.
   */
  SCHEMA_INCOMPLETE(ErrorKind.CONFLICT),
  /** Reading the database catalog (information_schema, pg_catalog) failed. */
  CATALOG_INSPECTION_FAILED(ErrorKind.UNAVAILABLE),
  /** A seed value (store name, currency, locale, time zone) is not acceptable. */
  INVALID_SEED_VALUE(ErrorKind.INVALID),
  /** Writing the seed rows failed; the seeding transaction was rolled back. */
  SEED_FAILED(ErrorKind.UNAVAILABLE);

  private final ErrorKind kind;

  ClientSchemaError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }
}
