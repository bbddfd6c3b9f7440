package io.storeplane.api.usage;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.ApiException;
import io.storeplane.billing.rollup.RollupService;
import io.storeplane.jobs.JobRecord;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Usage rollups on demand: one job per store for one UTC day (docs/usage.md). */
@Path("/api/v1/usage/rollups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Usage")
public class RollupResource {

  private final RollupService rollups;
  private final AuditContext audit;

  RollupResource(RollupService rollups, AuditContext audit) {
    this.rollups = rollups;
    this.audit = audit;
  }

  /**
   * One store's rollup job.
   *
   * @param jobId the job
   * @param storeId its store
   * @param status the job's status now
   * @param statusUrl where to read the job
   */
  @Schema(description = "One store's rollup job.")
  public record RollupJob(
      @Schema(required = true, example = "0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40") UUID jobId,
      @Schema(required = true, example = "3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c") UUID storeId,
      @Schema(
              required = true,
              enumeration = {"queued", "running", "succeeded", "failed", "cancelled"},
              description =
                  "`queued` for a new job; a store-day already queued or running answers with"
                      + " that job as it is",
              example = "queued")
          String status,
      @Schema(
              required = true,
              description = "The job's record, with its step log (`jobs:read`)",
              example =
                  "https://storeplane.example.com/api/v1/jobs/0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40")
          URI statusUrl) {}

  /**
   * The answer to a rollup request.
   *
   * @param day the day
   * @param jobs one per store
   */
  @Schema(description = "A rollup request, accepted: one job per store.")
  public record RollupAccepted(
      @Schema(required = true, format = "date", example = "2026-12-04") String day,
      @Schema(required = true, description = "One job per store, in the order asked")
          List<RollupJob> jobs) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.BILLING_WRITE)
  @Audited(action = "usage.rollup", target = "usage_rollup")
  @Operation(
      operationId = "startRollup",
      summary = "Roll up one day of store usage",
      description =
          "Queues one rollup job per store for a UTC day (today or earlier): it reads the store's"
              + " own database (products and their changes, orders and their value, storage) and"
              + " writes absolute values into the day's usage row and the store's counters, so"
              + " rolling a day up again gives the same row. Without `storeIds`, every store with"
              + " an active database. A store-day already queued or running answers with that"
              + " job. A store whose database is down fails its own job, which is retried later."
              + " Needs `billing:write` (platform admins and billing).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RollupRequest.class),
              examples = {
                @ExampleObject(
                    name = "stores",
                    summary = "Two stores",
                    value =
                        "{\"day\": \"2026-12-04\", \"storeIds\":"
                            + " [\"3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c\","
                            + " \"7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"]}"),
                @ExampleObject(
                    name = "all",
                    summary = "Every active store",
                    value = "{\"day\": \"2026-12-04\"}")
              }))
  @APIResponse(
      responseCode = "202",
      description = "The jobs, queued (or already queued or running)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RollupAccepted.class),
              examples =
                  @ExampleObject(
                      name = "accepted",
                      value =
                          "{\"day\": \"2026-12-04\", \"jobs\": [{\"jobId\":"
                              + " \"0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40\", \"storeId\":"
                              + " \"3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c\", \"status\":"
                              + " \"queued\", \"statusUrl\":"
                              + " \"https://storeplane.example.com/api/v1/jobs/0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40\"}]}")))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `day` is missing or not an ISO date, or `storeIds` is empty,"
              + " longer than 1,000 or holds a malformed id; `malformed-request`: the body cannot"
              + " be read; `invalid-rollup-request`: `day` is after today (UTC), or `storeIds`"
              + " names stores that do not exist or have no active database")
  public Response start(@Valid @NotNull RollupRequest request, UriInfo uri) {
    LocalDate day;
    try {
      day = LocalDate.parse(request.day());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("day", "must be an ISO date (YYYY-MM-DD)");
    }
    if (day.getYear() < UsageParams.MIN_YEAR) {
      // No store existed then: a job per store that can only find nothing is refused up front.
      throw ApiException.invalid("day", "must be a date in the year 2000 or later");
    }
    Optional<List<UUID>> stores = Optional.empty();
    if (request.storeIds() != null) {
      List<UUID> ids = new ArrayList<>();
      for (String id : request.storeIds()) {
        try {
          ids.add(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
          throw ApiException.invalid("storeIds", "must hold store ids (UUIDs)");
        }
      }
      stores = Optional.of(ids);
    }
    List<JobRecord> jobs = rollups.request(day, stores);
    audit.detail("day", day.toString()).detail("stores", jobs.size());
    List<RollupJob> answer =
        jobs.stream()
            .map(
                job ->
                    new RollupJob(
                        job.id(),
                        job.storeId().orElseThrow(),
                        job.status().name().toLowerCase(Locale.ROOT),
                        uri.getBaseUriBuilder().path("api/v1/jobs/{id}").build(job.id())))
            .toList();
    return Response.accepted(new RollupAccepted(day.toString(), answer)).build();
  }
}
