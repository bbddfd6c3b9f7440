package io.storeplane.api.usage;

import io.storeplane.billing.report.DateRange;
import io.storeplane.billing.report.PlanDay;
import io.storeplane.billing.report.Refreshed;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The usage statistics report: per UTC day and plan. */
@Schema(description = "Usage per UTC day and plan, from the report tables.")
public record UsageStatisticsResponse(
    @Schema(required = true, description = "The range's first day") LocalDate from,
    @Schema(required = true, description = "The range's last day") LocalDate to,
    @Schema(
            required = true,
            nullable = true,
            implementation = String.class,
            format = "date-time",
            description =
                "When the report tables were last refreshed (the figures are usage as of then);"
                    + " null before the first refresh")
        Instant refreshedAt,
    @Schema(required = true, description = "One row per day and plan, oldest first, plans by code")
        List<PlanDayResponse> items) {

  /** One plan's stores on one day. */
  @Schema(description = "One plan's stores on one UTC day.")
  public record PlanDayResponse(
      @Schema(required = true) LocalDate date,
      @Schema(
              required = true,
              description = "The plan code: the plan each store was on that day",
              example = "starter")
          String plan,
      @Schema(required = true, description = "Stores with a usage row that day", example = "120")
          int stores,
      @Schema(
              required = true,
              description = "Of which made an API call or took an order that day",
              example = "97")
          int activeStores,
      @Schema(required = true, example = "184000") long apiCalls,
      @Schema(required = true, example = "352") long orders,
      @Schema(required = true, description = "The orders' total value", example = "20410.75")
          BigDecimal revenue,
      @Schema(
              required = true,
              description = "Storage of the stores rolled up that day, in bytes",
              example = "8808038400")
          long storageBytes) {

    static PlanDayResponse of(PlanDay day) {
      return new PlanDayResponse(
          day.date(),
          day.plan(),
          day.stores(),
          day.activeStores(),
          day.apiCalls(),
          day.orders(),
          day.revenue(),
          day.storageBytes());
    }
  }

  static UsageStatisticsResponse of(DateRange range, Refreshed<List<PlanDay>> report) {
    return new UsageStatisticsResponse(
        range.from(),
        range.to(),
        report.refreshedAt().orElse(null),
        report.value().stream().map(PlanDayResponse::of).toList());
  }
}
