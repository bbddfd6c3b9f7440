package io.storeplane.master;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * Stable codes for every failure a master-data service reports. Never rename one: clients key on
 * them ({@link #code()}, e.g. {@code store-not-found}).
 */
public enum MasterError implements ErrorCode {
  STORE_NOT_FOUND(ErrorKind.NOT_FOUND),
  PLAN_NOT_FOUND(ErrorKind.INVALID),
  SLUG_TAKEN(ErrorKind.CONFLICT),
  STORE_STATE_CONFLICT(ErrorKind.CONFLICT),
  CONCURRENT_UPDATE(ErrorKind.CONFLICT),
  USER_NOT_FOUND(ErrorKind.NOT_FOUND),
  EMAIL_TAKEN(ErrorKind.CONFLICT),
  TOKEN_NOT_FOUND(ErrorKind.NOT_FOUND),
  INVALID_TOKEN_REQUEST(ErrorKind.INVALID),
  SETTING_NOT_FOUND(ErrorKind.NOT_FOUND),
  INVALID_SETTING(ErrorKind.INVALID),
  /** The store's lifecycle has no such transition from the store's present state. */
  STORE_TRANSITION_REFUSED(ErrorKind.CONFLICT),
  /** The subscription's lifecycle has no such transition from its present state. */
  SUBSCRIPTION_TRANSITION_REFUSED(ErrorKind.CONFLICT),
  /** The store is suspended (see its suspension reasons): its own token may not act for it. */
  STORE_SUSPENDED(ErrorKind.FORBIDDEN),
  /** The store's database is suspended: its data is not served until the store is resumed. */
  STORE_DATABASE_SUSPENDED(ErrorKind.CONFLICT),
  /**
   * The master database does not answer (refused, lost, silent past its timeouts): nothing that
   * needs it can be done now; a client retries after the 503's {@code Retry-After}.
   */
  MASTER_DATABASE_UNAVAILABLE(ErrorKind.UNAVAILABLE);

  private final ErrorKind kind;

  MasterError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }
}
