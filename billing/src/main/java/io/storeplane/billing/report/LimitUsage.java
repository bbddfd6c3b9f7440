package io.storeplane.billing.report;

import io.storeplane.master.plan.LimitMode;

/**
 * How much of one limit of its plan a store uses.
 *
 * @param name {@link #PRODUCTS}, {@link #ORDERS_PER_MONTH}, {@link #STORAGE_MB} or {@link
 *     #API_CALLS_PER_DAY}
 * @param limit the plan's limit; null when the plan has none (unlimited)
 * @param usage what the store uses of it
 * @param percent usage as a percentage of the limit, one decimal; null without a limit or with a
 *     limit of 0
 * @param mode whether passing the limit is refused ({@code HARD}) or billed ({@code SOFT})
 * @param nearLimit whether usage reached {@link #NEAR_FRACTION} of the limit (never without one)
 */
public record LimitUsage(
    String name, Long limit, long usage, Double percent, LimitMode mode, boolean nearLimit) {

  public static final String PRODUCTS = "products";
  public static final String ORDERS_PER_MONTH = "ordersPerMonth";
  public static final String STORAGE_MB = "storageMb";
  public static final String API_CALLS_PER_DAY = "apiCallsPerDay";

  /** The share of a limit from which usage is flagged: 80 %. */
  public static final double NEAR_FRACTION = 0.8;

  /** The usage of a limit, flagged from 80 % of it; a null limit never flags. */
  public static LimitUsage of(String name, Long limit, long usage, LimitMode mode) {
    if (limit == null) {
      return new LimitUsage(name, null, usage, null, mode, false);
    }
    Double percent = limit == 0 ? null : Math.round(usage * 1000.0 / limit) / 10.0;
    // Integer arithmetic, so 80 % of a limit is flagged exactly (no floating-point edge).
    boolean near = usage * 10 >= limit * 8;
    return new LimitUsage(name, limit, usage, percent, mode, near);
  }
}
