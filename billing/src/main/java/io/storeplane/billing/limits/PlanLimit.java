package io.storeplane.billing.limits;

/** The limits of a plan that store data writes are held to, by the names problems give them. */
public enum PlanLimit {
  /** {@code plans.max_products}: products in the store, counted live. */
  PRODUCTS("products"),
  /** {@code plans.max_orders_per_month}: orders created this calendar month (UTC), counted live. */
  ORDERS_PER_MONTH("ordersPerMonth"),
  /** {@code plans.max_storage_mb}: storage in MiB, as the last usage rollup measured it. */
  STORAGE_MB("storageMb");

  private final String wireName;

  PlanLimit(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name a problem's {@code limit.name} gives it, e.g. {@code ordersPerMonth} (the name the
   * usage API and the plans' {@code limitModes} give it).
   */
  public String wireName() {
    return wireName;
  }
}
