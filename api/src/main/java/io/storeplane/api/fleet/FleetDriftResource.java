package io.storeplane.api.fleet;

import io.storeplane.api.page.PageResponse;
import io.storeplane.api.page.Pages;
import io.storeplane.api.problem.ApiException;
import io.storeplane.fleet.drift.DriftRecords;
import io.storeplane.fleet.drift.DriftState;
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
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fleet's drift report: every store's last schema check (docs/fleet.md, "Drift"). */
@Path("/api/v1/fleet/drift")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleet")
public class FleetDriftResource {

  private final DriftRecords records;

  FleetDriftResource(DriftRecords records) {
    this.records = records;
  }

  @GET
  @RolesAllowed(Permissions.STORES_READ)
  @Operation(
      operationId = "listSchemaDrift",
      summary = "List every store's last schema check",
      description =
          "The last schema check of every store that has one (the recurring scan, job kind"
              + " `fleet.drift.scan`, or `GET /api/v1/stores/{id}/schema`), by store slug, one page"
              + " at a time, optionally of one state: `clean`, `drifted` (with the differences) or"
              + " `unreachable` (with the problem code of the failure). Needs `stores:read`.")
  @APIResponse(responseCode = "200", description = "One page of checks")
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `state` is not clean, drifted or unreachable, or `page` or `size`"
              + " is out of range")
  public PageResponse<DriftReportItem> list(
      @Parameter(
              description = "Only stores whose last check found this state",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"clean", "drifted", "unreachable"}))
          @QueryParam("state")
          String state,
      @Parameter(description = "Zero-based page index")
          @QueryParam("page")
          @DefaultValue("0")
          @Min(0)
          int page,
      @Parameter(description = "Rows per page, 1-200")
          @QueryParam("size")
          @DefaultValue("50")
          @Min(1)
          @Max(200)
          int size) {
    Pages.check(page, size);
    return PageResponse.of(records.list(state(state), page, size).map(DriftReportItem::of));
  }

  private static Optional<DriftState> state(String state) {
    if (state == null || state.isBlank()) {
      return Optional.empty();
    }
    return Arrays.stream(DriftState.values())
        .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(state))
        .findFirst()
        .map(Optional::of)
        .orElseThrow(() -> ApiException.invalid("state", "must be clean, drifted or unreachable"));
  }
}
