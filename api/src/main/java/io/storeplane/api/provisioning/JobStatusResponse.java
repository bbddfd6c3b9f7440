package io.storeplane.api.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.api.jobs.JobResponse;
import io.storeplane.api.jobs.JobResponse.ErrorView;
import io.storeplane.api.jobs.JobResponse.StepView;
import io.storeplane.jobs.JobRecord;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.provisioning.job.JobService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatusResponse(
    UUID jobId,
    UUID storeId,
    String databaseType,
    String status,
    int progress,
    String message,
    String currentStep,
    int tablesCreated,
    int totalTables,
    int attempt,
    List<StepView> steps,
    Instant startedAt,
    Instant finishedAt,
    ErrorView error) {

  static JobStatusResponse of(JobService.JobView view) {
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
