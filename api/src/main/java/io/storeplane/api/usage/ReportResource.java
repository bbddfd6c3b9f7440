package io.storeplane.api.usage;

import io.storeplane.api.page.Pages;
import io.storeplane.billing.metering.LatencyBuckets;
import io.storeplane.billing.report.DateRange;
import io.storeplane.billing.report.RankBy;
import io.storeplane.billing.report.UsageReports;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The business-intelligence reports, for billing and the platform's operators: usage per day and
 * plan, request latency and errors per day, stores ranked over a range. They answer from the report
 * tables the {@code usage.reports} job refreshes (one store's performance from its usage rows as
 * they are), with the time of the figures in {@code refreshedAt}.
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Usage")
public class ReportResource {

  private static final String BAD_RANGE =
      "`validation-failed`: `from` or `to` is not a date, `to` is before `from`, or the range"
          + " spans more than `storeplane.reports.max-days` (366) days";

  private static final List<Long> BUCKETS = Arrays.stream(LatencyBuckets.bounds()).boxed().toList();

  private final UsageReports reports;

  ReportResource(UsageReports reports) {
    this.reports = reports;
  }

  @GET
  @Path("/usage-statistics")
  @RolesAllowed(Permissions.BILLING_READ)
  @Operation(
      operationId = "getUsageStatistics",
      summary = "Report usage per day and plan",
      description =
          "Per UTC day and plan (the plan each store was on that day): stores with usage, active"
              + " stores (an API call or an order that day), API calls, orders, order value and"
              + " storage, from the report tables as of `refreshedAt`. Default range: the 30 days"
              + " to today. Needs `billing:read` (billing, platform_admin, operator, viewer).")
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = UsageStatisticsResponse.class)))
  @APIResponse(responseCode = "400", description = BAD_RANGE + ".")
  public UsageStatisticsResponse usageStatistics(
      @Parameter(description = UsageParams.FROM) @QueryParam("from") String from,
      @Parameter(description = UsageParams.TO) @QueryParam("to") String to,
      @Parameter(description = "Only this plan code") @QueryParam("plan") String plan) {
    DateRange range = UsageParams.range(from, to, reports);
    return UsageStatisticsResponse.of(
        range, reports.usageStatistics(range, UsageParams.plan(plan)));
  }

  @GET
  @Path("/performance")
  @RolesAllowed(Permissions.BILLING_READ)
  @Operation(
      operationId = "getPerformanceReport",
      summary = "Report request latency and error rate per day",
      description =
          "Per UTC day, for the whole platform or, with `storeId`, one store: requests, client"
              + " and server errors, the error rate ((client + server errors) / requests) and"
              + " latency p50, p95 and p99, read from the day's latency histograms summed bucket"
              + " by bucket (a percentile is its bucket's upper bound, `latencyBucketsMs`). The"
              + " platform's figures come from the report tables as of `refreshedAt`; a store's"
              + " from its usage rows at the time of the read. Needs `billing:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PerformanceResponse.class)))
  @APIResponse(responseCode = "400", description = BAD_RANGE + ", or `storeId` is not a UUID.")
  public PerformanceResponse performance(
      @Parameter(description = UsageParams.FROM) @QueryParam("from") String from,
      @Parameter(description = UsageParams.TO) @QueryParam("to") String to,
      @Parameter(description = "One store's figures (a UUID); default: the whole platform")
          @QueryParam("storeId")
          String storeId) {
    DateRange range = UsageParams.range(from, to, reports);
    Optional<UUID> store = UsageParams.storeId(storeId);
    return PerformanceResponse.of(
        range,
        store.orElse(null),
        BUCKETS,
        store.isPresent()
            ? reports.storePerformance(store.get(), range)
            : reports.platformPerformance(range));
  }

  @GET
  @Path("/store-analytics")
  @RolesAllowed(Permissions.BILLING_READ)
  @Operation(
      operationId = "getStoreAnalytics",
      summary = "Rank stores by calls, orders, revenue or growth",
      description =
          "Stores ranked over a range of UTC days, highest first: by API calls (default), orders,"
              + " order value, or growth (API calls of the range's second half against its first,"
              + " in percent; stores without calls in the first half last). Every store with usage"
              + " by the range's end is ranked, one page at a time, from the report tables as of"
              + " `refreshedAt` (the range ends at the last refreshed day at the latest). Needs"
              + " `billing:read`.")
  @APIResponse(
      responseCode = "200",
      description = "One page of ranked stores",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreAnalyticsResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          BAD_RANGE
              + ", `rankBy` is not calls, orders, revenue or growth, or `page` or `size` is out"
              + " of range.")
  public StoreAnalyticsResponse storeAnalytics(
      @Parameter(description = UsageParams.FROM) @QueryParam("from") String from,
      @Parameter(description = UsageParams.TO) @QueryParam("to") String to,
      @Parameter(
              description = "What to rank by (default `calls`)",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"calls", "orders", "revenue", "growth"}))
          @QueryParam("rankBy")
          String rankBy,
      @Parameter(description = "Only stores now on this plan code") @QueryParam("plan") String plan,
      @Parameter(description = "Zero-based page index")
          @QueryParam("page")
          @DefaultValue("0")
          @Min(0)
          int page,
      @Parameter(description = "Stores per page, 1-500")
          @QueryParam("size")
          @DefaultValue("100")
          @Min(1)
          @Max(500)
          int size) {
    Pages.check(page, size);
    DateRange range = UsageParams.range(from, to, reports);
    RankBy by = UsageParams.rankBy(rankBy);
    return StoreAnalyticsResponse.of(
        range, by.wire(), reports.storeAnalytics(range, by, UsageParams.plan(plan), page, size));
  }

  private DateRange range(String from, String to) {
    return UsageParams.range(from, to, reports);
  }
}
