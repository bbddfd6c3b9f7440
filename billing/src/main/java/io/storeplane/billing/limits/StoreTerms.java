package io.storeplane.billing.limits;

import io.storeplane.billing.plan.PlanTerms;
import java.util.Objects;

/**
 * What a store's data writes are held to, as read from the master database: its plan's terms and
 * the storage its last usage rollup measured.
 *
 * @param plan the plan's terms
 * @param storageBytes storage at the store's last usage rollup, 0 before its first
 */
record StoreTerms(PlanTerms plan, long storageBytes) {

  StoreTerms {
    Objects.requireNonNull(plan, "plan");
  }
}
