package io.storeplane.billing.limits;

import io.storeplane.billing.BillingError;
import io.storeplane.billing.BillingException;
import java.util.List;

/**
 * A store data write refused because it would pass a hard limit of the store's plan: 402 {@code
 * plan-limit-exceeded}. The problem names the limit in its detail and, structured, in its {@code
 * limit} member ({@link #usage()}).
 */
public class PlanLimitException extends BillingException {

  private static final long serialVersionUID = 1L;

  private final transient LimitUsage usage;

  public PlanLimitException(LimitUsage usage) {
    super(BillingError.PLAN_LIMIT_EXCEEDED, detail(usage), detail(usage), List.of(), null, null);
    this.usage = usage;
  }

  /** The limit, the plan, the usage and what the plan allows. */
  public LimitUsage usage() {
    return usage;
  }

  private static String detail(LimitUsage usage) {
    String plan = usage.plan();
    return switch (usage.limit()) {
      case PRODUCTS ->
          ("The store's plan '%s' allows %d products and the store has %d: a new product would"
                  + " pass this hard limit. Delete products or move the store to a larger plan.")
              .formatted(plan, usage.max(), usage.usage());
      case ORDERS_PER_MONTH ->
          ("The store's plan '%s' allows %d orders per calendar month (UTC) and the store has"
                  + " created %d this month: a new order would pass this hard limit. It resets on"
                  + " the 1st at 00:00 UTC, or move the store to a larger plan.")
              .formatted(plan, usage.max(), usage.usage());
      case STORAGE_MB ->
          ("The store's plan '%s' allows %d MB of storage and the store used %d MB at its last"
                  + " usage rollup: no row can be added while storage is at or over this hard"
                  + " limit. Free space or move the store to a larger plan.")
              .formatted(plan, usage.max(), usage.usage());
    };
  }
}
