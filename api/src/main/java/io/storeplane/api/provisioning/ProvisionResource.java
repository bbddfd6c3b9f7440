package io.storeplane.api.provisioning;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.problem.Ids;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.runtime.JobWatchers;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.job.JobService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Provisioning jobs: request one, follow its status (polling or Server-Sent Events), cancel it. */
@Path("/api/v1/provision")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Provisioning")
public class ProvisionResource {

  private final JobService jobs;
  private final JobWatchers watchers;
  private final AuditContext audit;

  ProvisionResource(JobService jobs, JobWatchers watchers, AuditContext audit) {
    this.jobs = jobs;
    this.watchers = watchers;
    this.audit = audit;
  }

  /**
   * The answer to a provisioning request.
   *
   * @param jobId the job
   * @param status {@code provisioning} while the job is queued or running, else how it ended
   * @param statusUrl where to follow it
   */
  @Schema(description = "A provisioning request, accepted: the job that carries it out.")
  public record Accepted(
      @Schema(required = true, example = "0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40") UUID jobId,
      @Schema(
              required = true,
              enumeration = {"provisioning", "succeeded", "failed", "cancelled"},
              description =
                  "`provisioning` while the job is queued or running; how it ended when an"
                      + " `Idempotency-Key` names a job that has finished",
              example = "provisioning")
          String status,
      @Schema(
              required = true,
              description = "Where to follow the job (the same as the `Location` header)",
              example =
                  "https://storeplane.example.com/api/v1/provision/0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40/status")
          URI statusUrl) {

    static Accepted of(JobRecord job, URI statusUrl) {
      return new Accepted(
          job.id(),
          job.status().finished() ? job.status().name().toLowerCase(Locale.ROOT) : "provisioning",
          statusUrl);
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "provisioning.start", target = "store")
  @Operation(
      operationId = "provisionStore",
      summary = "Start provisioning a store's database",
      description =
          "Queues a job that makes the store's database ready: creates a managed one on a"
              + " registered server, or installs the client schema into an existing database or"
              + " Supabase project (`config` replaces the saved connection). Answers at once with"
              + " the job; follow it at `Location` (or its `/events`). A retry with the same"
              + " `Idempotency-Key` returns the first job and starts nothing. Needs"
              + " `provisioning:write` (platform admins and operators).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ProvisionRequest.class),
              examples = {
                @ExampleObject(
                    name = "managed",
                    summary = "A managed PostgreSQL database",
                    value =
                        "{\"storeId\": \"3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c\","
                            + " \"databaseType\": \"managed-postgresql\"}"),
                @ExampleObject(
                    name = "existing",
                    summary = "An existing MySQL database",
                    value =
                        "{\"storeId\": \"3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c\","
                            + " \"databaseType\": \"mysql\", \"config\": {\"type\": \"mysql\","
                            + " \"host\": \"db.example.com\", \"port\": 3306, \"database\":"
                            + " \"acme\", \"username\": \"acme\", \"password\": \"s3cret\","
                            + " \"ssl\": true}}")
              }))
  @APIResponse(
      responseCode = "202",
      description = "The job, accepted (or the first job of a repeated `Idempotency-Key`)",
      headers =
          @Header(
              name = "Location",
              description = "The job's status URL",
              schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Accepted.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: a field breaks a rule, `databaseType` is unknown, `config.type`"
              + " differs from it, or `Idempotency-Key` is over 150 characters;"
              + " `malformed-request`: the body cannot be read; `database-option-invalid`: the"
              + " option does not apply (a deleted store, a store that already has a database of"
              + " another type, connection details for a managed database, or none saved nor sent"
              + " for an existing one)")
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has `storeId` (a malformed id included)")
  @APIResponse(
      responseCode = "409",
      description =
          "`job-already-active`: the store has a queued or running provisioning job;"
              + " `database-option-not-available`: this build does not offer the type;"
              + " `store-transition-refused`: the store's database is suspended (resume it first)"
              + " or otherwise cannot be provisioned from its state")
  @APIResponse(
      responseCode = "422",
      description =
          "`no-database-server`: no registered server could ever take a managed database of"
              + " this engine; `connection-denied-<rule>`: the outbound policy refuses the host or"
              + " port of `config`")
  public Response provision(
      @Valid @NotNull ProvisionRequest request,
      @Parameter(
              description =
                  "Makes the request safe to retry: a request with a key seen before returns the"
                      + " job that key started. At most 150 characters.")
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      UriInfo uri) {
    UUID storeId = Ids.parse(request.storeId(), MasterError.STORE_NOT_FOUND, "store");
    DatabaseType type =
        DatabaseType.fromWireName(request.databaseType())
            .orElseThrow(() -> ApiException.invalid("databaseType", "must be one of " + types()));
    Optional<DatabaseOption> config = Optional.ofNullable(request.config());
    if (config.isPresent() && !config.get().type().equals(type.wireName())) {
      throw ApiException.invalid("config.type", "must equal databaseType");
    }
    config.ifPresent(DatabaseOption::checkOutbound);
    JobRecord job =
        jobs.enqueue(
            storeId,
            type,
            config.flatMap(DatabaseOption::connection),
            IdempotencyKey.scoped("provision", idempotencyKey));
    audit.target(storeId).detail("jobId", job.id()).detail("databaseType", type.wireName());
    URI status = uri.getBaseUriBuilder().path("api/v1/provision/{id}/status").build(job.id());
    return Response.accepted(Accepted.of(job, status)).location(status).build();
  }

  @GET
  @Path("/{jobId}/status")
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "getProvisioningStatus",
      summary = "Get a provisioning job's status",
      description =
          "The job's status, progress (0-100, never going down), current step and step log, and"
              + " its error once it failed (or while a retry waits). Poll it, or follow"
              + " `/events` instead. Needs `provisioning:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The job's status",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobStatusResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`job-not-found`: no provisioning job has this id (a malformed id included)")
  public JobStatusResponse status(
      @Parameter(description = "The job's id, as answered by `POST /api/v1/provision`")
          @PathParam("jobId")
          String jobId) {
    return JobStatusResponse.of(jobs.view(jobId(jobId)));
  }

  @GET
  @Path("/{jobId}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "streamProvisioningEvents",
      summary = "Follow a provisioning job as Server-Sent Events",
      description =
          "A `text/event-stream` of the job's status: one unnamed event (SSE type `message`) at"
              + " once with the current status, then one each time it changes (a change made by"
              + " any instance), and the stream ends after the event whose `status` is"
              + " `succeeded`, `failed` or `cancelled`. Each event's `data` is one line of JSON,"
              + " the same object as `GET /api/v1/provision/{jobId}/status` answers"
              + " (`JobStatusResponse`). Errors before the stream starts (an unknown job) are"
              + " problem documents. Needs `provisioning:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The stream: events `data: <JobStatusResponse JSON>`, until the job ends",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      description =
                          "Server-Sent Events; each event's data is a JobStatusResponse as JSON",
                      example =
                          "data:{\"jobId\":\"0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40\",\"status\":\"running\",\"progress\":45}\n\n")))
  @APIResponse(
      responseCode = "404",
      description = "`job-not-found`: no provisioning job has this id (a malformed id included)")
  public Multi<JobStatusResponse> events(
      @Parameter(description = "The job's id") @PathParam("jobId") String jobId) {
    UUID id = jobId(jobId);
    jobs.view(id);
    return watchers.watch(
        id,
        JobStatusResponse.class,
        job -> JobStatusResponse.of(jobs.view(job)),
        ProvisionResource::isFinished);
  }

  @POST
  @Path("/{jobId}/cancel")
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "provisioning.cancel", target = "provisioning_job")
  @Operation(
      operationId = "cancelProvisioning",
      summary = "Cancel a provisioning job",
      description =
          "A queued job that never ran ends at once as `cancelled`; a running one is marked and"
              + " stops before its next step, removing what it created (its status says"
              + " `running` until then). Answers the job's status. Needs `provisioning:write`.")
  @APIResponse(
      responseCode = "200",
      description = "The job's status after the request",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobStatusResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`job-not-found`: no provisioning job has this id (a malformed id included)")
  @APIResponse(
      responseCode = "409",
      description = "`job-not-cancellable`: the job has already ended")
  public JobStatusResponse cancel(
      @Parameter(description = "The job's id") @PathParam("jobId") String jobId) {
    audit.target(jobId);
    UUID id = jobId(jobId);
    jobs.cancel(id);
    return JobStatusResponse.of(jobs.view(id));
  }

  private static boolean isFinished(JobStatusResponse status) {
    return JobStatus.valueOf(status.status().toUpperCase(Locale.ROOT)).finished();
  }

  private static UUID jobId(String id) {
    return Ids.parse(
        id,
        () ->
            new io.storeplane.provisioning.ProvisioningException(
                ProvisioningError.JOB_NOT_FOUND, "There is no provisioning job with this id."));
  }

  private static String types() {
    return java.util.Arrays.stream(DatabaseType.values())
        .map(DatabaseType::wireName)
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
