package io.storeplane.api.usage;

import io.storeplane.billing.report.UsageRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One store's usage over one day, or over the days of one month inside the asked range. */
@Schema(
    description =
        "One store's usage over a period: a UTC day, or the days of one calendar month inside the"
            + " range. A month's counts are the sums of its days; `products` and the storage"
            + " figures are its last rolled-up day's.")
public record UsageRowResponse(
    @Schema(required = true, description = "The store") UUID storeId,
    @Schema(required = true, example = "acme-shoes") String slug,
    @Schema(required = true, description = "The plan the store is on now", example = "starter")
        String plan,
    @Schema(required = true, description = "The period's first day in the range")
        LocalDate periodStart,
    @Schema(required = true, description = "The period's last day in the range")
        LocalDate periodEnd,
    @Schema(required = true, description = "Requests that concerned the store", example = "1520")
        long apiCalls,
    @Schema(required = true, description = "Of which answered 4xx", example = "12")
        long clientErrors,
    @Schema(required = true, description = "Of which answered 5xx", example = "0")
        long serverErrors,
    @Schema(required = true, description = "Orders created", example = "31") long orders,
    @Schema(required = true, description = "The orders' total value", example = "1843.50")
        BigDecimal revenue,
    @Schema(
            required = true,
            description = "Products in the store, as of the last rolled-up day (0 before one)",
            example = "240")
        long products,
    @Schema(required = true, description = "Products created", example = "3") long productsCreated,
    @Schema(required = true, description = "Products updated", example = "8") long productsUpdated,
    @Schema(required = true, description = "Products deleted", example = "1") long productsDeleted,
    @Schema(
            required = true,
            description = "Database and media bytes, as of the last rolled-up day",
            example = "73400320")
        long storageBytes,
    @Schema(
            required = true,
            description = "`storageBytes` in whole MiB, rounded up",
            example = "70")
        long storageMb,
    @Schema(required = true, description = "Bandwidth in MiB", example = "0") long bandwidthMb,
    @Schema(
            required = true,
            nullable = true,
            implementation = String.class,
            format = "date-time",
            description =
                "When the daily rollup last wrote the period's rows; null before it did (the API"
                    + " call counts are then all there is)")
        Instant rolledUpAt) {

  static UsageRowResponse of(UsageRow row) {
    return new UsageRowResponse(
        row.storeId(),
        row.slug(),
        row.plan(),
        row.periodStart(),
        row.periodEnd(),
        row.apiCalls(),
        row.clientErrors(),
        row.serverErrors(),
        row.orders(),
        row.revenue(),
        row.products(),
        row.productsCreated(),
        row.productsUpdated(),
        row.productsDeleted(),
        row.storageBytes(),
        row.storageMb(),
        row.bandwidthMb(),
        row.rolledUpAt());
  }
}
