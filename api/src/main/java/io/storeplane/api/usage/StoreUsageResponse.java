package io.storeplane.api.usage;

import io.storeplane.billing.report.StoreLimits;
import io.storeplane.billing.report.UsageRow;
import io.storeplane.master.store.Page;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A store's usage rows (one page) and how near it is to each limit of its plan. */
@Schema(
    description =
        "One store's usage: one page of its rows (as `GET /api/v1/usage` has them) and its usage"
            + " of each limit of its plan.")
public record StoreUsageResponse(
    @Schema(required = true, description = "The store") UUID storeId,
    @Schema(required = true, description = "The plan the store is on now", example = "starter")
        String plan,
    @Schema(
            required = true,
            description =
                "Each limit of the plan, in the order products, ordersPerMonth, storageMb,"
                    + " apiCallsPerDay")
        List<LimitResponse> limits,
    @Schema(required = true, description = "Rows on this page") List<UsageRowResponse> items,
    @Schema(required = true, description = "Zero-based page index", example = "0") int page,
    @Schema(required = true, description = "Page size", example = "100") int size,
    @Schema(required = true, description = "Rows across all pages", example = "30") long totalItems,
    @Schema(required = true, description = "Number of pages", example = "1") int totalPages) {

  static StoreUsageResponse of(UUID storeId, StoreLimits.Limits limits, Page<UsageRow> page) {
    return new StoreUsageResponse(
        storeId,
        limits.plan(),
        limits.limits().stream().map(LimitResponse::of).toList(),
        page.items().stream().map(UsageRowResponse::of).toList(),
        page.page(),
        page.size(),
        page.totalItems(),
        page.totalPages());
  }
}
