package io.storeplane.api.store;

import io.quarkus.security.Authenticated;
import io.storeplane.master.plan.Plan;
import io.storeplane.master.plan.PlanRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
   */
  public record PlanResponse(
      String code,
      String name,
      BigDecimal monthlyPrice,
      BigDecimal yearlyPrice,
      String currency,
      int trialDays,
      Integer maxProducts,
      Integer maxOrdersPerMonth,
      Integer maxStorageMb,
      Integer maxApiCallsPerDay) {

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
          plan.maxApiCallsPerDay);
    }
  }

  @GET
  @Authenticated
  @Operation(summary = "List the plans on offer")
  public List<PlanResponse> list() {
    return plans.listOffered().stream().map(PlanResponse::of).toList();
  }
}
