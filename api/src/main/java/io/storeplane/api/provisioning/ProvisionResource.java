package io.storeplane.api.provisioning;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.jobs.JobWatchers;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.problem.Ids;
import io.storeplane.api.security.Permissions;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStatus;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.DatabaseType;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
  public record Accepted(UUID jobId, String status, URI statusUrl) {

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
  @Operation(summary = "Start provisioning a store's database (202 with the job)")
  @APIResponse(
      responseCode = "202",
      description = "The job, accepted; `Location` is its status",
      headers =
          @Header(
              name = "Location",
              description = "The job's status URL",
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                      format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Accepted.class)))
  public Response provision(
      @Valid @NotNull ProvisionRequest request,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
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
  @Operation(summary = "A job's status, progress and step log")
  public JobStatusResponse status(@PathParam("jobId") String jobId) {
    return JobStatusResponse.of(jobs.view(jobId(jobId)));
  }

  @GET
  @Path("/{jobId}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      summary =
          "A job's status as Server-Sent Events: the current one, then one per change (from any"
              + " instance, through the bus), until it ends")
  public Multi<JobStatusResponse> events(@PathParam("jobId") String jobId) {
    UUID id = jobId(jobId);
    jobs.view(id);
    return watchers.watch(
        id, job -> JobStatusResponse.of(jobs.view(job)), ProvisionResource::isFinished);
  }

  @POST
  @Path("/{jobId}/cancel")
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "provisioning.cancel", target = "provisioning_job")
  @Operation(summary = "Cancel a job that is queued or between steps")
  public JobStatusResponse cancel(@PathParam("jobId") String jobId) {
    audit.target(jobId);
    UUID id = jobId(jobId);
    jobs.cancel(id);
    return JobStatusResponse.of(jobs.view(id));
  }

  private static boolean isFinished(JobStatusResponse status) {
    return JobStatus.valueOf(status.status().toUpperCase(Locale.ROOT)).finished();
  }

  private static UUID jobId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new io.storeplane.provisioning.ProvisioningException(
          ProvisioningError.JOB_NOT_FOUND, "There is no provisioning job with this id.");
    }
  }

  private static String types() {
    return java.util.Arrays.stream(DatabaseType.values())
        .map(DatabaseType::wireName)
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
