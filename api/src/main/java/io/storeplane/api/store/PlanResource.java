package io.storeplane.api.store;

import io.quarkus.security.Authenticated;
import io.storeplane.master.plan.LimitMode;
import io.storeplane.master.plan.Plan;
import io.storeplane.master.plan.PlanRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The plans a store can be put on. */
@Path("/api/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Stores")
public class PlanResource {

  private final PlanRepository plans;

  PlanResource(PlanRepository plans) {
    this.plans = plans;
  }

  /**
   * A plan; {@code null} limits mean unlimited.
   *
   * @param code the plan code used in store requests
   * @param name display name
   * @param monthlyPrice price per month
   * @param yearlyPrice price per year
   * @param currency ISO 4217 currency
   * @param trialDays length of the trial a new store gets
   * @param maxProducts product limit
   * @param maxOrdersPerMonth order limit per month
   * @param maxStorageMb media storage limit
   * @param maxApiCallsPerDay API call limit per day
   * @param limitModes whether passing each limit is refused or billed as overage
   */
  @Schema(description = "A plan a store can be put on; a `null` limit means unlimited")
  public record PlanResponse(
      @Schema(
              required = true,
              description = "The plan code used in store requests",
              example = "starter")
          String code,
      @Schema(required = true, description = "Display name", example = "Starter") String name,
      @Schema(required = true, description = "Price per month", example = "29.00")
          BigDecimal monthlyPrice,
      @Schema(required = true, description = "Price per year", example = "290.00")
          BigDecimal yearlyPrice,
      @Schema(required = true, description = "ISO 4217 currency", example = "USD") String currency,
      @Schema(required = true, description = "Length of the trial a new store gets", example = "14")
          int trialDays,
      @Schema(required = true, nullable = true, description = "Product limit; null: unlimited")
          Integer maxProducts,
      @Schema(
              required = true,
              nullable = true,
              description = "Order limit per month; null: unlimited")
          Integer maxOrdersPerMonth,
      @Schema(
              required = true,
              nullable = true,
              description = "Media storage limit in MB; null: unlimited")
          Integer maxStorageMb,
      @Schema(
              required = true,
              nullable = true,
              description = "API call limit per UTC day; null: unlimited")
          Integer maxApiCallsPerDay,
      @Schema(
              required = true,
              description = "Whether passing each limit is refused (`HARD`) or allowed (`SOFT`)")
          LimitModes limitModes) {

    static PlanResponse of(Plan plan) {
      return new PlanResponse(
          plan.code,
          plan.name,
          plan.monthlyPrice,
          plan.yearlyPrice,
          plan.currency,
          plan.trialDays,
          plan.maxProducts,
          plan.maxOrdersPerMonth,
          plan.maxStorageMb,
          plan.maxApiCallsPerDay,
          new LimitModes(
              plan.productsLimit, plan.ordersLimit, plan.storageLimit, plan.apiCallsLimit));
    }
  }

  /**
   * What passing each limit of a plan does (docs/usage.md, "Plan limits").
   *
   * @param products passing {@code maxProducts}
   * @param ordersPerMonth passing {@code maxOrdersPerMonth}
   * @param storage passing {@code maxStorageMb}
   * @param apiCallsPerDay passing {@code maxApiCallsPerDay}
   */
  @Schema(
      description =
          "What passing each limit of the plan does: `HARD`, the write or call is refused (402"
              + " `plan-limit-exceeded`, 429 `api-quota-exceeded`); `SOFT`, it is allowed and what"
              + " passes the limit is billed as overage. A limit that is `null` (unlimited) is"
              + " never passed.")
  public record LimitModes(
      @Schema(required = true, description = "Products", example = "HARD") LimitMode products,
      @Schema(required = true, description = "Orders per calendar month (UTC)", example = "HARD")
          LimitMode ordersPerMonth,
      @Schema(required = true, description = "Storage", example = "SOFT") LimitMode storage,
      @Schema(required = true, description = "API calls per UTC day", example = "HARD")
          LimitMode apiCallsPerDay) {}

  @GET
  @Authenticated
  @Operation(
      operationId = "listPlans",
      summary = "List the plans on offer",
      description =
          "Every plan a store can be registered on or moved to, with its prices, trial and limits,"
              + " and whether passing each limit is refused (hard) or billed as overage (soft)."
              + " Any platform user may read it (a store token may not).")
  public List<PlanResponse> list() {
    return plans.listOffered().stream().map(PlanResponse::of).toList();
  }
}
