package io.storeplane.api.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.api.jobs.JobResponse;
import io.storeplane.api.jobs.JobResponse.ErrorView;
import io.storeplane.api.jobs.JobResponse.StepView;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobView;
import io.storeplane.master.store.DatabaseType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A provisioning job as the status endpoint and the event stream show it.
 *
 * @param jobId the job
 * @param storeId its store
 * @param databaseType the database option
 * @param status queued, running, succeeded, failed or cancelled
 * @param progress 0-100, never going down
 * @param message what is happening, or how it ended
 * @param currentStep the step running or last run
 * @param tablesCreated client-schema tables present so far
 * @param totalTables client-schema tables in all
 * @param attempt how many times a worker has taken the job
 * @param steps the step log, oldest first
 * @param startedAt when a worker first took it
 * @param finishedAt when it ended
 * @param error why it failed (or why the last try failed, while a retry waits)
 */
@Schema(
    description =
        "A provisioning job as the status endpoint and the event stream show it. Fields without a"
            + " value are left out.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatusResponse(
    @Schema(required = true, example = "0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40") UUID jobId,
    @Schema(
            description = "The store it provisions",
            example = "3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c")
        UUID storeId,
    @Schema(
            required = true,
            enumeration = {
              "managed-postgresql",
              "managed-mysql",
              "postgresql",
              "mysql",
              "supabase"
            },
            example = "managed-postgresql")
        String databaseType,
    @Schema(
            required = true,
            enumeration = {"queued", "running", "succeeded", "failed", "cancelled"},
            example = "running")
        String status,
    @Schema(
            required = true,
            description = "0-100, never going down",
            minimum = "0",
            maximum = "100",
            example = "45")
        int progress,
    @Schema(
            description = "What is happening, or how it ended",
            example = "Applying the client schema: 12 of 30 tables")
        String message,
    @Schema(
            description =
                "The step running or last run: `test-connection`, `inspect-existing-tables`,"
                    + " `create-database`, `apply-schema`, `seed`, `save-connection`,"
                    + " `activate-store`",
            example = "apply-schema")
        String currentStep,
    @Schema(required = true, description = "Client-schema tables present so far", example = "12")
        int tablesCreated,
    @Schema(required = true, description = "Client-schema tables in all", example = "30")
        int totalTables,
    @Schema(
            required = true,
            description = "How many times a worker has taken the job",
            example = "1")
        int attempt,
    @Schema(required = true, description = "The step log, oldest first") List<StepView> steps,
    @Schema(description = "When a worker first took the job") Instant startedAt,
    @Schema(description = "When the job ended") Instant finishedAt,
    @Schema(description = "Why it failed, or why the last try failed while a retry waits")
        ErrorView error) {

  static JobStatusResponse of(JobView view) {
    JobRecord job = view.job();
    return new JobStatusResponse(
        job.id(),
        job.storeId().orElse(null),
        DatabaseType.valueOf((String) job.parameters().get("databaseType")).wireName(),
        JobResponse.lower(job.status()),
        job.progress(),
        job.message(),
        job.currentStep(),
        job.unitsDone(),
        job.unitsTotal(),
        job.attempt(),
        view.steps().stream().map(StepView::of).toList(),
        job.startedAt(),
        job.finishedAt(),
        ErrorView.of(job));
  }
}
