package io.storeplane.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(
    description =
        "A job of any kind in the one status model (docs/jobs.md); its parameters are not shown."
            + " Fields without a value are left out.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(
    @Schema(required = true, example = "0b5c8f3e-6f1d-4c1a-9d3e-2a7f6c1b9e40") UUID id,
    @Schema(required = true, description = "The job's kind", example = "provisioning") String kind,
    @Schema(description = "The store it concerns, if any") UUID storeId,
    @Schema(
            required = true,
            enumeration = {"queued", "running", "succeeded", "failed", "cancelled"},
            example = "succeeded")
        String status,
    @Schema(
            required = true,
            description = "0-100, never going down",
            minimum = "0",
            maximum = "100")
        int progress,
    @Schema(description = "What is happening, or how it ended") String message,
    @Schema(description = "The step running or last run", example = "apply-schema")
        String currentStep,
    @Schema(required = true, description = "Work done, in the kind's unit") int unitsDone,
    @Schema(required = true, description = "Work in all (0: not counted)") int unitsTotal,
    @Schema(required = true, description = "How many times a worker has taken it") int attempt,
    @Schema(required = true, description = "How many times it failed") int failures,
    @Schema(required = true, description = "The most tries it gets") int maxAttempts,
    @Schema(description = "Not run before this time") Instant runAfter,
    @Schema(description = "The recurring schedule that queued it") String scheduleName,
    @Schema(description = "The period it runs for, with its schedule") Instant periodStart,
    @Schema(description = "The step log, oldest first (in a single job's view only)")
        List<StepView> steps,
    @Schema(required = true, description = "When it was queued") Instant createdAt,
    @Schema(description = "When a worker first took it") Instant startedAt,
    @Schema(description = "When it ended") Instant finishedAt,
    @Schema(description = "The last failure (also while a retry waits)") ErrorView error) {

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
  @Schema(description = "One step of one attempt of a job. Fields without a value are left out.")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StepView(
      @Schema(required = true, example = "apply-schema") String step,
      @Schema(required = true, description = "The attempt it belongs to") int attempt,
      @Schema(
              required = true,
              enumeration = {"running", "succeeded", "failed", "skipped", "waiting", "abandoned"},
              example = "succeeded")
          String status,
      @Schema(description = "What it did") String message,
      @Schema(required = true) Instant startedAt,
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
  @Schema(description = "A job's failure.")
  public record ErrorView(
      @Schema(
              required = true,
              description = "Stable code, a problem type's code",
              example = "database-authentication-failed")
          String code,
      @Schema(required = true, nullable = true, description = "What went wrong, without secrets")
          String message) {

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
