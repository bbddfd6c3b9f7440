package io.storeplane.console.job;

import io.quarkus.qute.TemplateData;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A job as its console page shows it, read from the same step records as the REST status and its
 * stream. Two reads of an unchanged job are equal, so a stream sends only changes.
 *
 * @param id the job's id
 * @param kind its kind, e.g. {@code provisioning}
 * @param status queued, running, succeeded, failed or cancelled
 * @param progress percent
 * @param unitsDone tables created (provisioning), or the kind's units
 * @param unitsTotal of this many
 * @param message the job's last message
 * @param error the error's code and message when it failed, else empty
 * @param storeId the store it works for, else empty
 * @param finished whether it has ended
 * @param cancellable whether Cancel applies (a provisioning job not ended)
 * @param retryable whether Retry applies (a provisioning job that failed)
 * @param steps its step log, oldest first
 */
@TemplateData
public record JobPanel(
    String id,
    String kind,
    String status,
    int progress,
    int unitsDone,
    int unitsTotal,
    String message,
    String error,
    String storeId,
    boolean finished,
    boolean cancellable,
    boolean retryable,
    List<StepRow> steps) {

  /** One step's attempt: its state and how long it took (or has run so far, at the read). */
  @TemplateData
  public record StepRow(String name, int attempt, String status, String elapsed, String message) {}

  static JobPanel of(JobRecord job, List<JobStepRecord> steps, boolean cancelKind) {
    boolean finished = job.status().finished();
    String error =
        job.errorCode() == null
            ? ""
            : job.errorCode() + (job.errorMessage() == null ? "" : ": " + job.errorMessage());
    return new JobPanel(
        job.id().toString(),
        job.kind(),
        lower(job.status()),
        job.status() == JobStatus.SUCCEEDED ? 100 : Math.max(0, Math.min(100, job.progress())),
        job.unitsDone(),
        job.unitsTotal(),
        job.message() == null ? "" : job.message(),
        error,
        job.storeId().map(Object::toString).orElse(""),
        finished,
        cancelKind && !finished,
        cancelKind && job.status() == JobStatus.FAILED,
        steps.stream()
            .map(
                s ->
                    new StepRow(
                        s.step(),
                        s.attempt(),
                        s.status().name().toLowerCase(Locale.ROOT),
                        elapsed(s.startedAt(), s.finishedAt()),
                        s.message() == null ? "" : s.message()))
            .toList());
  }

  private static String elapsed(Instant started, Instant finished) {
    if (started == null || finished == null) {
      return "running";
    }
    Duration took = Duration.between(started, finished);
    return took.toMillis() < 1000
        ? took.toMillis() + " ms"
        : String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
  }

  private static String lower(JobStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
