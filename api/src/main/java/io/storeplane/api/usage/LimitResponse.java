package io.storeplane.api.usage;

import io.storeplane.billing.report.LimitUsage;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How much of one limit of its plan a store uses, flagged from 80 %. */
@Schema(description = "How much of one limit of its plan the store uses; flagged from 80 %.")
public record LimitResponse(
    @Schema(
            required = true,
            enumeration = {"products", "ordersPerMonth", "storageMb", "apiCallsPerDay"},
            description =
                "`products` (in the store), `ordersPerMonth` (created this UTC month),"
                    + " `storageMb` (database and media), `apiCallsPerDay` (this UTC day)")
        String name,
    @Schema(
            required = true,
            nullable = true,
            type = SchemaType.INTEGER,
            format = "int64",
            description = "The plan's limit; null when the plan has none (unlimited)",
            example = "1000")
        Long limit,
    @Schema(required = true, description = "What the store uses of it", example = "850") long usage,
    @Schema(
            required = true,
            nullable = true,
            type = SchemaType.NUMBER,
            format = "double",
            description =
                "`usage` in percent of `limit`, one decimal; null without a limit or with 0",
            example = "85.0")
        Double percent,
    @Schema(
            required = true,
            enumeration = {"hard", "soft"},
            description = "`hard`: passing the limit is refused; `soft`: it is billed as overage")
        String mode,
    @Schema(
            required = true,
            description = "Whether usage reached 80 % of the limit (never true without a limit)")
        boolean nearLimit) {

  static LimitResponse of(LimitUsage limit) {
    return new LimitResponse(
        limit.name(),
        limit.limit(),
        limit.usage(),
        limit.percent(),
        limit.mode().name().toLowerCase(Locale.ROOT),
        limit.nearLimit());
  }
}
