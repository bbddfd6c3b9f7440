package io.storeplane.api.jobs;

import io.storeplane.api.page.PageResponse;
import io.storeplane.api.page.Pages;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.problem.Ids;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobView;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Jobs of every kind in the one status model, for operators: what is queued, running, failed, which
 * schedules run when. A kind with a resource of its own (provisioning) keeps it; this one shows
 * every kind the same way. Read-only: queueing and cancelling belong to the kind's resource.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class JobResource {

  private final JobStore jobs;

  JobResource(JobStore jobs) {
    this.jobs = jobs;
  }

  /**
   * A recurring schedule.
   *
   * @param name its name
   * @param kind the kind of job it queues
   * @param cadence {@code cron:<expression>} (UTC) or {@code delay:<ISO-8601 duration>}
   * @param nextRunAt when it is next due (absent while a fixed-delay run is queued or running)
   * @param lastPeriod the last period it queued a job for
   */
  @Schema(description = "A recurring schedule that queues jobs.")
  public record ScheduleResponse(
      @Schema(required = true, example = "usage-rollup") String name,
      @Schema(required = true, description = "The kind of job it queues") String kind,
      @Schema(
              required = true,
              description = "`cron:<expression>` (UTC) or `delay:<ISO-8601 duration>`",
              example = "cron:0 5 * * *")
          String cadence,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description =
                  "When it is next due; null while a fixed-delay run is queued or running")
          Instant nextRunAt,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description = "The last period it queued a job for; null before its first")
          Instant lastPeriod) {}

  @GET
  @RolesAllowed(Permissions.JOBS_READ)
  @Operation(
      operationId = "listJobs",
      summary = "List jobs of every kind",
      description =
          "Jobs of every kind (provisioning and the recurring ones), newest first, one page at a"
              + " time, filtered by kind, status and store. Rows carry no step log; read one job"
              + " for it. Read-only: a kind's own resource queues and cancels. Needs `jobs:read`.")
  @APIResponse(responseCode = "200", description = "One page of jobs")
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `status` is not a job status, `storeId` is not a UUID, or `page`"
              + " or `size` is out of range")
  public PageResponse<JobResponse> list(
      @Parameter(description = "Only jobs of this kind, e.g. `provisioning`") @QueryParam("kind")
          String kind,
      @Parameter(
              description = "Only jobs in this status",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"queued", "running", "succeeded", "failed", "cancelled"}))
          @QueryParam("status")
          String status,
      @Parameter(description = "Only jobs of this store (a UUID)") @QueryParam("storeId")
          String storeId,
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
    JobStore.JobPage found =
        jobs.list(
            Optional.ofNullable(kind).filter(k -> !k.isBlank()),
            status(status),
            store(storeId),
            page,
            size);
    List<JobResponse> items = found.items().stream().map(job -> JobResponse.of(job, null)).toList();
    int pages = (int) ((found.total() + size - 1) / size);
    return new PageResponse<>(items, page, size, found.total(), pages);
  }

  @GET
  @Path("/schedules")
  @RolesAllowed(Permissions.JOBS_READ)
  @Operation(
      operationId = "listJobSchedules",
      summary = "List the recurring job schedules",
      description =
          "Every recurring schedule with its cadence, when it next runs and the last period it"
              + " queued a job for. Needs `jobs:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The schedules",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = ScheduleResponse.class)))
  public List<ScheduleResponse> schedules() {
    return jobs.schedules().stream()
        .map(
            s ->
                new ScheduleResponse(
                    s.name(), s.kind(), s.cadence(), s.nextRunAt(), s.lastPeriod()))
        .toList();
  }

  @GET
  @Path("/{jobId}")
  @RolesAllowed(Permissions.JOBS_READ)
  @Operation(
      operationId = "getJob",
      summary = "Get a job",
      description = "A job of any kind with its step log. Needs `jobs:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The job",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`job-not-found`: no job has this id (a malformed id included)")
  public JobResponse get(
      @Parameter(description = "The job's id") @PathParam("jobId") String jobId) {
    UUID id = Ids.parse(jobId, () -> notFound(jobId));
    JobView job = jobs.view(id).orElseThrow(() -> notFound(jobId));
    return JobResponse.of(job.job(), job.steps());
  }

  private static JobException notFound(String id) {
    return new JobException(JobError.JOB_NOT_FOUND, "There is no job with this id.");
  }

  private static Optional<JobStatus> status(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JobStatus.valueOf(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "status",
          "must be one of "
              + Arrays.stream(JobStatus.values())
                  .map(JobResponse::lower)
                  .collect(Collectors.joining(", ")));
    }
  }

  private static Optional<UUID> store(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("storeId", "must be a store id (a UUID)");
    }
  }
}
