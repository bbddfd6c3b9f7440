package io.storeplane.api.usage;

import io.storeplane.billing.report.DateRange;
import io.storeplane.billing.report.Refreshed;
import io.storeplane.billing.report.StoreRank;
import io.storeplane.master.store.Page;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The store analytics report: stores ranked over a range, one page. */
@Schema(description = "Stores ranked by API calls, orders, revenue or growth over a range.")
public record StoreAnalyticsResponse(
    @Schema(required = true, description = "The range's first day") LocalDate from,
    @Schema(
            required = true,
            description = "The range's last day (the figures stop at the last refreshed day)")
        LocalDate to,
    @Schema(
            required = true,
            enumeration = {"calls", "orders", "revenue", "growth"},
            description = "What the stores are ranked by, highest first")
        String rankBy,
    @Schema(
            required = true,
            nullable = true,
            implementation = String.class,
            format = "date-time",
            description = "When the report tables were last refreshed; null before the first")
        Instant refreshedAt,
    @Schema(required = true, description = "Ranked stores on this page")
        List<StoreRankResponse> items,
    @Schema(required = true, description = "Zero-based page index", example = "0") int page,
    @Schema(required = true, description = "Page size", example = "100") int size,
    @Schema(required = true, description = "Ranked stores across all pages", example = "42")
        long totalItems,
    @Schema(required = true, description = "Number of pages", example = "1") int totalPages) {

  /** One store's place. */
  @Schema(description = "One store's place in the ranking.")
  public record StoreRankResponse(
      @Schema(required = true, description = "1 for the first store", example = "1") long rank,
      @Schema(required = true) UUID storeId,
      @Schema(required = true, example = "acme-shoes") String slug,
      @Schema(required = true, example = "Acme Shoes") String name,
      @Schema(required = true, description = "The plan the store is on now", example = "starter")
          String plan,
      @Schema(required = true, description = "API calls in the range", example = "45000")
          long apiCalls,
      @Schema(required = true, description = "Orders in the range", example = "310") long orders,
      @Schema(required = true, description = "The orders' value", example = "18230.40")
          BigDecimal revenue,
      @Schema(
              required = true,
              nullable = true,
              type = SchemaType.NUMBER,
              format = "double",
              description =
                  "API calls of the range's second half against its first, in percent (one"
                      + " decimal; the middle day of an odd range counts in the second half);"
                      + " null when the first half had none",
              example = "12.5")
          Double callsGrowth,
      @Schema(
              required = true,
              nullable = true,
              type = SchemaType.NUMBER,
              format = "double",
              description = "The same for orders",
              example = "-3.1")
          Double ordersGrowth) {

    static StoreRankResponse of(StoreRank rank) {
      return new StoreRankResponse(
          rank.rank(),
          rank.storeId(),
          rank.slug(),
          rank.name(),
          rank.plan(),
          rank.apiCalls(),
          rank.orders(),
          rank.revenue(),
          rank.callsGrowth(),
          rank.ordersGrowth());
    }
  }

  static StoreAnalyticsResponse of(
      DateRange range, String rankBy, Refreshed<Page<StoreRank>> report) {
    Page<StoreRank> page = report.value();
    return new StoreAnalyticsResponse(
        range.from(),
        range.to(),
        rankBy,
        report.refreshedAt().orElse(null),
        page.items().stream().map(StoreRankResponse::of).toList(),
        page.page(),
        page.size(),
        page.totalItems(),
        page.totalPages());
  }
}
