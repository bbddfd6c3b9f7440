package io.storeplane.api.usage;

import io.storeplane.api.page.Pages;
import io.storeplane.billing.report.UsageQuery;
import io.storeplane.billing.report.UsageReports;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters every read of usage rows takes ({@code GET /api/v1/usage} and {@code GET
 * /api/v1/stores/{id}/usage}), written once as a {@code @BeanParam}: the range of UTC days, the
 * granularity, the page, and the {@code Accept} header that chooses JSON or CSV. Each bad value is
 * a 400 {@code validation-failed} naming it.
 */
public class UsageRowsParams {

  @Parameter(description = UsageParams.FROM)
  @QueryParam("from")
  String from;

  @Parameter(description = UsageParams.TO)
  @QueryParam("to")
  String to;

  @Parameter(
      description = "A row per store and `day` (default) or per store and `month`",
      schema =
          @Schema(
              type = SchemaType.STRING,
              enumeration = {"day", "month"}))
  @QueryParam("granularity")
  String granularity;

  @Parameter(description = "Zero-based page index")
  @QueryParam("page")
  @DefaultValue("0")
  @Min(0)
  int page;

  @Parameter(description = "Rows per page, 1-500")
  @QueryParam("size")
  @DefaultValue("100")
  @Min(1)
  @Max(500)
  int size;

  @Context HttpHeaders headers;

  /**
   * The query these parameters ask for: of {@code store}'s rows, or of every store's (on {@code
   * plan} when given).
   */
  UsageQuery query(UsageReports reports, Optional<UUID> store, Optional<String> plan) {
    Pages.check(page, size);
    return new UsageQuery(
        UsageParams.range(from, to, reports),
        store,
        plan,
        UsageParams.granularity(granularity),
        page,
        size);
  }

  /** {@code json} as JSON, or its {@code rows} as CSV when the caller prefers CSV. */
  Response answer(Object json, List<UsageRowResponse> rows) {
    return UsageParams.wantsCsv(headers)
        ? Response.ok(UsageCsv.write(rows), UsageCsv.MEDIA_TYPE).build()
        : Response.ok(json, MediaType.APPLICATION_JSON).build();
  }
}
