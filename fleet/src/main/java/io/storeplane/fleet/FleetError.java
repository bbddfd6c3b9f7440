package io.storeplane.fleet;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * Stable codes for every failure the fleet module reports. Never rename one: clients key on them.
 * The api module maps each {@link ErrorKind} to an HTTP status.
 */
public enum FleetError implements ErrorCode {
  /**
   * The store's database has no Storeplane schema history, or one at a version this build does not
   * know: there is no expected catalog to compare it with.
   */
  STORE_SCHEMA_UNKNOWN(ErrorKind.CONFLICT),
  /** The store's database answered, but its catalog or schema history could not be read. */
  STORE_SCHEMA_UNREADABLE(ErrorKind.UNAVAILABLE),
  /**
   * A schema repair whose {@code confirm} does not list exactly the objects the store's drift
   * report shows as repairable now.
   */
  REPAIR_NOT_CONFIRMED(ErrorKind.INVALID),
  /** A schema repair of a store whose database has nothing a repair may create. */
  NOTHING_TO_REPAIR(ErrorKind.CONFLICT),
  /** A managed database server could not be read with its admin login (reconciler). */
  SERVER_UNREACHABLE(ErrorKind.UNAVAILABLE),
  /**
   * Another schema change of the store runs (a provisioning step or a migration holds its schema
   * lock): nothing was done; try again later.
   */
  STORE_SCHEMA_BUSY(ErrorKind.UNAVAILABLE),
  /**
   * A migration gave up waiting for a lock in the store's database (or ran past its statement
   * timeout) so as not to hold up the store's traffic; its version was not applied, try again
   * later.
   */
  SCHEMA_LOCK_TIMEOUT(ErrorKind.UNAVAILABLE),
  /** No rollout has this id. */
  ROLLOUT_NOT_FOUND(ErrorKind.NOT_FOUND),
  /**
   * A rollout request that cannot run as asked: wave percents not increasing or not ending at 100,
   * a parallelism out of range, a negative soak or one over 30 days, a failure rate outside 0 to 1
   * (the detail names the field).
   */
  ROLLOUT_INVALID(ErrorKind.INVALID),
  /** A rollout's selector matches no store with an active database. */
  ROLLOUT_SELECTS_NO_STORE(ErrorKind.INVALID),
  /**
   * A rollout cannot be steered so from its state: pausing one that is not running, resuming one
   * that is not paused, cancelling one that ended, retrying a rollout with no failed store.
   */
  ROLLOUT_STATE_CONFLICT(ErrorKind.CONFLICT),
  /**
   * A rollout that requires a clean preflight was not started: a selected store is blocked (drift,
   * rows the migration would reject) or could not be checked. The detail names how many and the
   * first few by slug with their state.
   */
  PREFLIGHT_NOT_CLEAN(ErrorKind.CONFLICT);

  private final ErrorKind kind;

  FleetError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }
}
