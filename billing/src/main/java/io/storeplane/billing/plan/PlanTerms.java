package io.storeplane.billing.plan;

import io.storeplane.master.plan.LimitMode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store's plan allows it, as the master holds it: the plan's code and its four limits, each
 * with its mode.
 *
 * @param plan the plan's code
 * @param products {@code max_products} and {@code products_limit}
 * @param ordersPerMonth {@code max_orders_per_month} and {@code orders_limit}
 * @param storageMb {@code max_storage_mb} (MiB, compared by {@link Storage#reached}) and {@code
 *     storage_limit}
 * @param apiCallsPerDay {@code max_api_calls_per_day} and {@code api_calls_limit}
 */
public record PlanTerms(
    String plan, Term products, Term ordersPerMonth, Term storageMb, Term apiCallsPerDay) {

  public PlanTerms {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(products, "products");
    Objects.requireNonNull(ordersPerMonth, "ordersPerMonth");
    Objects.requireNonNull(storageMb, "storageMb");
    Objects.requireNonNull(apiCallsPerDay, "apiCallsPerDay");
  }

  /**
   * One limit of a plan.
   *
   * @param max the most it allows, or null: unlimited
   * @param mode whether passing it is refused ({@code HARD}) or allowed and billed ({@code SOFT});
   *     a plan states it for an unlimited limit too
   */
  public record Term(Long max, LimitMode mode) {

    public Term {
      Objects.requireNonNull(mode, "mode");
    }

    /** The limit when it refuses what would pass it: set and {@code HARD}; else empty. */
    public Optional<Long> hardMax() {
      return max != null && mode == LimitMode.HARD ? Optional.of(max) : Optional.empty();
    }
  }
}
