package io.storeplane.billing;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * Stable codes for every failure the billing module reports. Never rename one: clients key on them.
 * The api module maps each {@link ErrorKind} to an HTTP status.
 */
public enum BillingError implements ErrorCode {
  /** A store data write would pass a hard limit of the store's plan (products, orders, storage). */
  PLAN_LIMIT_EXCEEDED(ErrorKind.LIMIT_REACHED),
  /** The store's API calls for this UTC day reached its plan's quota; it resets at 00:00 UTC. */
  API_QUOTA_EXCEEDED(ErrorKind.QUOTA_EXHAUSTED),
  /**
   * A usage rollup request that cannot be carried out: a day in the future, or stores that do not
   * exist or have no active database.
   */
  INVALID_ROLLUP_REQUEST(ErrorKind.INVALID);

  private final ErrorKind kind;

  BillingError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }
}
