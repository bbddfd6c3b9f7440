package io.storeplane.billing.report;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What usage rows to read.
 *
 * @param range the days
 * @param storeId only this store's rows
 * @param plan only stores now on this plan code
 * @param granularity a row per store and day, or per store and month
 * @param page zero-based page
 * @param size rows per page
 */
public record UsageQuery(
    DateRange range,
    Optional<UUID> storeId,
    Optional<String> plan,
    Granularity granularity,
    int page,
    int size) {

  public UsageQuery {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(granularity, "granularity");
    if (page < 0 || size < 1) {
      throw new IllegalArgumentException("page >= 0 and size >= 1");
    }
  }
}
