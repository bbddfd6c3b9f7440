package io.storeplane.api.usage;

import io.storeplane.api.problem.Ids;
import io.storeplane.billing.report.StoreLimits;
import io.storeplane.billing.report.UsageQuery;
import io.storeplane.billing.report.UsageReports;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One store's usage rows and its usage of each limit of its plan, flagged from 80 %: for billing
 * and for the store's own app (its token reaches only its own store's path: {@code
 * StoreScopePolicy}).
 */
@Path("/api/v1/stores/{id}/usage")
@Tag(name = "Usage")
public class StoreUsageResource {

  private final UsageReports reports;

  StoreUsageResource(UsageReports reports) {
    this.reports = reports;
  }

  @GET
  @Produces({MediaType.APPLICATION_JSON, UsageCsv.MEDIA_TYPE})
  @RolesAllowed({Permissions.BILLING_READ, Permissions.STORE_SELF})
  @Operation(
      operationId = "getStoreUsage",
      summary = "Read a store's usage and how near it is to its plan's limits",
      description =
          "One store's usage rows (as `GET /api/v1/usage` has them, same parameters) and, for"
              + " each limit of its plan, the store's usage, the percentage and `nearLimit` from"
              + " 80 %: products and storage as of the last rollup, orders created this UTC month"
              + " (rolled-up days), API calls this UTC day (the meter's flushes). A limit the plan"
              + " does not set is null and never flagged. `Accept: text/csv` answers the page's"
              + " rows as CSV, without the limits. Needs `billing:read`, or the store's own"
              + " token; another store's token is refused (403).")
  @APIResponse(
      responseCode = "200",
      description = "The store's usage",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = StoreUsageResponse.class)),
        @Content(
            mediaType = UsageCsv.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.STRING),
            examples =
                @ExampleObject(
                    name = "csv",
                    summary = "A day row",
                    value = UsageResource.CSV_EXAMPLE))
      })
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `from` or `to` is not a date, `to` is before `from`, the range"
              + " spans more than `storeplane.reports.max-days` (366) days, `granularity` is"
              + " neither `day` nor `month`, or `page` or `size` is out of range.")
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  public Response store(
      @Parameter(description = "The store's id.", example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90")
          @PathParam("id")
          String id,
      @Valid @BeanParam UsageRowsParams rows) {
    UUID storeId = Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
    UsageQuery query = rows.query(reports, Optional.of(storeId), Optional.empty());
    StoreLimits.Limits limits = reports.limits(storeId).orElseThrow(StoreUsageResource::noStore);
    StoreUsageResponse usage = StoreUsageResponse.of(storeId, limits, reports.usage(query));
    return rows.answer(usage, usage.items());
  }

  private static MasterDataException noStore() {
    return new MasterDataException(MasterError.STORE_NOT_FOUND, "There is no store with this id.");
  }
}
