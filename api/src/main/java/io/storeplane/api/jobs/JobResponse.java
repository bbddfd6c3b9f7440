package io.storeplane.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A job of any kind, in the one status model (docs/jobs.md). Parameters are not shown.
 *
 * @param id the job
 * @param kind its kind, e.g. {@code provisioning}
 * @param storeId the store it concerns, if any
 * @param status queued, running, succeeded, failed or cancelled
 * @param progress 0-100, never going down
 * @param message what is happening, or how it ended
 * @param currentStep the step running or last run
 * @param unitsDone work done, in the kind's unit
 * @param unitsTotal work in all (0: not counted)
 * @param attempt how many times a worker has taken it
 * @param failures how many times it failed
 * @param maxAttempts the most tries it gets
 * @param runAfter not before this time
 * @param scheduleName the recurring schedule that queued it
 * @param periodStart the period it runs for
 * @param steps the step log, oldest first (in a single job's view only)
 * @param createdAt queued
 * @param startedAt first taken by a worker
 * @param finishedAt ended
 * @param error the last failure (also while a retry waits)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(
    UUID id,
    String kind,
    UUID storeId,
    String status,
    int progress,
    String message,
    String currentStep,
    int unitsDone,
    int unitsTotal,
    int attempt,
    int failures,
    int maxAttempts,
    Instant runAfter,
    String scheduleName,
    Instant periodStart,
    List<StepView> steps,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    ErrorView error) {

  /**
   * One step of one attempt.
   *
   * @param step the step, e.g. {@code apply-schema}
   * @param attempt the attempt
   * @param status running, succeeded, failed, skipped or abandoned
   * @param message what it did
   * @param startedAt start
   * @param finishedAt end
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StepView(
      String step,
      int attempt,
      String status,
      String message,
      Instant startedAt,
      Instant finishedAt) {

    public static StepView of(JobStepRecord step) {
      return new StepView(
          step.step(),
          step.attempt(),
          lower(step.status()),
          step.message(),
          step.startedAt(),
          step.finishedAt());
    }
  }

  /**
   * A failure.
   *
   * @param code stable code, e.g. {@code database-authentication-failed}
   * @param message what went wrong, without secrets
   */
  public record ErrorView(String code, String message) {

    /** The job's last failure, or null. */
    public static ErrorView of(JobRecord job) {
      return job.errorCode() == null ? null : new ErrorView(job.errorCode(), job.errorMessage());
    }
  }

  /** The job, with its step log when {@code steps} is given (null: a listing's row). */
  public static JobResponse of(JobRecord job, List<JobStepRecord> steps) {
    return new JobResponse(
        job.id(),
        job.kind(),
        job.storeId().orElse(null),
        lower(job.status()),
        job.progress(),
        job.message(),
        job.currentStep(),
        job.unitsDone(),
        job.unitsTotal(),
        job.attempt(),
        job.failures(),
        job.maxAttempts(),
        job.runAfter(),
        job.scheduleName(),
        job.periodStart(),
        steps == null ? null : steps.stream().map(StepView::of).toList(),
        job.createdAt(),
        job.startedAt(),
        job.finishedAt(),
        ErrorView.of(job));
  }

  /** An enum constant as the API shows it: lower case. */
  public static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
