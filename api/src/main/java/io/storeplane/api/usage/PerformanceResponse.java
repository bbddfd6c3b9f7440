package io.storeplane.api.usage;

import io.storeplane.billing.report.DateRange;
import io.storeplane.billing.report.PerformanceDay;
import io.storeplane.billing.report.Refreshed;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The performance report: latency percentiles and error rate per UTC day. */
@Schema(
    description =
        "Request latency percentiles and error rate per UTC day, of one store or of the whole"
            + " platform.")
public record PerformanceResponse(
    @Schema(required = true, description = "The range's first day") LocalDate from,
    @Schema(required = true, description = "The range's last day") LocalDate to,
    @Schema(
            required = true,
            nullable = true,
            implementation = String.class,
            format = "uuid",
            description = "The store reported on; null for the whole platform")
        UUID storeId,
    @Schema(
            required = true,
            nullable = true,
            implementation = String.class,
            format = "date-time",
            description =
                "When the figures were current: the report tables' last refresh for the platform"
                    + " (null before the first), the time of the read for one store")
        Instant refreshedAt,
    @Schema(
            required = true,
            description =
                "The latency buckets' upper bounds in ms; a percentile is the bound of the bucket"
                    + " it falls in (the last, 30000, also for anything slower)")
        List<Long> latencyBucketsMs,
    @Schema(required = true, description = "One row per day with requests, oldest first")
        List<PerformanceDayResponse> items) {

  /** One day's figures. */
  @Schema(description = "Request latency and errors on one UTC day.")
  public record PerformanceDayResponse(
      @Schema(required = true) LocalDate date,
      @Schema(required = true, description = "Requests", example = "15200") long apiCalls,
      @Schema(required = true, description = "Of which answered 4xx", example = "120")
          long clientErrors,
      @Schema(required = true, description = "Of which answered 5xx", example = "3")
          long serverErrors,
      @Schema(
              required = true,
              nullable = true,
              type = SchemaType.NUMBER,
              format = "double",
              description = "(clientErrors + serverErrors) / apiCalls; null without requests",
              example = "0.0081")
          Double errorRate,
      @Schema(required = true, description = "Median latency in ms", example = "10") long p50Ms,
      @Schema(required = true, description = "95th percentile in ms", example = "100") long p95Ms,
      @Schema(required = true, description = "99th percentile in ms", example = "250") long p99Ms) {

    static PerformanceDayResponse of(PerformanceDay day) {
      return new PerformanceDayResponse(
          day.date(),
          day.apiCalls(),
          day.clientErrors(),
          day.serverErrors(),
          day.errorRate(),
          day.p50Ms(),
          day.p95Ms(),
          day.p99Ms());
    }
  }

  static PerformanceResponse of(
      DateRange range, UUID storeId, List<Long> buckets, Refreshed<List<PerformanceDay>> report) {
    return new PerformanceResponse(
        range.from(),
        range.to(),
        storeId,
        report.refreshedAt().orElse(null),
        buckets,
        report.value().stream().map(PerformanceDayResponse::of).toList());
  }
}
