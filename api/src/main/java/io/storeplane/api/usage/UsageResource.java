package io.storeplane.api.usage;

import io.storeplane.billing.report.UsageReports;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Every store's usage rows from {@code usage_metrics}, by store and UTC day or calendar month, as
 * JSON or CSV, for billing. One store's, with its limits, is {@link StoreUsageResource}.
 */
@Path("/api/v1/usage")
@Tag(name = "Usage")
public class UsageResource {

  static final String CSV_EXAMPLE =
      "storeId,slug,plan,periodStart,periodEnd,apiCalls,clientErrors,serverErrors,orders,revenue,"
          + "products,productsCreated,productsUpdated,productsDeleted,storageBytes,storageMb,"
          + "bandwidthMb,rolledUpAt\r\n"
          + "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90,acme-shoes,starter,2026-11-01,2026-11-01,1520,12,0,"
          + "31,1843.50,240,3,8,1,73400320,70,0,2026-11-02T02:00:04Z\r\n";

  private final UsageReports reports;

  UsageResource(UsageReports reports) {
    this.reports = reports;
  }

  @GET
  @Produces({MediaType.APPLICATION_JSON, UsageCsv.MEDIA_TYPE})
  @RolesAllowed(Permissions.BILLING_READ)
  @Operation(
      operationId = "listUsage",
      summary = "List usage by store and day or month",
      description =
          "Every store's usage rows in a range of UTC days (default: the 30 days to today), one"
              + " row per store and day, or per store and calendar month with"
              + " `granularity=month` (sums of the days in the range; `products` and storage"
              + " from the month's last rolled-up day), ordered by store and period, one page at a"
              + " time. `Accept: text/csv` answers the page as CSV (RFC 4180, a header row). Needs"
              + " `billing:read` (billing, platform_admin, operator, viewer); a store token is"
              + " refused: it reads its own at `/api/v1/stores/{id}/usage`.")
  @APIResponse(
      responseCode = "200",
      description = "One page of usage rows",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UsagePage.class)),
        @Content(
            mediaType = UsageCsv.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "csv", summary = "A day row", value = CSV_EXAMPLE))
      })
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `from` or `to` is not a date, `to` is before `from`, the range"
              + " spans more than `storeplane.reports.max-days` (366) days, `granularity` is"
              + " neither `day` nor `month`, `storeId` is not a UUID, or `page` or `size` is out"
              + " of range.")
  public Response list(
      @Parameter(description = "Only this store's rows (a UUID)") @QueryParam("storeId")
          String storeId,
      @Parameter(description = "Only stores now on this plan code") @QueryParam("plan") String plan,
      @Valid @BeanParam UsageRowsParams rows) {
    UsagePage found =
        UsagePage.of(
            reports.usage(
                rows.query(reports, UsageParams.storeId(storeId), UsageParams.plan(plan))));
    return rows.answer(found, found.items());
  }
}
