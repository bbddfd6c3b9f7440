package io.storeplane.billing.limits;

import java.util.Objects;

/**
 * A limit a store reached: which one, on which plan, what the store uses and what the plan allows
 * (in the limit's unit: products, orders, MiB).
 */
public record LimitUsage(PlanLimit limit, String plan, long usage, long max) {

  public LimitUsage {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(plan, "plan");
  }
}
