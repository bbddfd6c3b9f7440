package io.storeplane.billing.limits;

import io.storeplane.master.plan.LimitMode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store's plan holds its data writes to, as read from the master database: the plan's code,
 * each limit (empty: unlimited) and the storage the last usage rollup measured.
 *
 * @param plan the plan's code
 * @param products the products limit, or empty
 * @param ordersPerMonth the orders-per-month limit, or empty
 * @param storageMb the storage limit in MiB, or empty
 * @param storageBytes storage at the store's last usage rollup, 0 before its first
 */
public record StoreTerms(
    String plan,
    Optional<Bound> products,
    Optional<Bound> ordersPerMonth,
    Optional<Bound> storageMb,
    long storageBytes) {

  public StoreTerms {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(products, "products");
    Objects.requireNonNull(ordersPerMonth, "ordersPerMonth");
    Objects.requireNonNull(storageMb, "storageMb");
  }

  /** One limit of a plan: the most it allows and whether passing it is refused. */
  public record Bound(long max, LimitMode mode) {

    public Bound {
      Objects.requireNonNull(mode, "mode");
    }

    /** A hard limit: a write that would pass it is refused. */
    public boolean hard() {
      return mode == LimitMode.HARD;
    }

    /** The bound of a limit column and its mode column; empty for NULL (unlimited). */
    static Optional<Bound> of(Integer max, LimitMode mode) {
      return max == null ? Optional.empty() : Optional.of(new Bound(max, mode));
    }
  }
}
