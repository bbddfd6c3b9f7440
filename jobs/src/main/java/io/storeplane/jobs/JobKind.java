package io.storeplane.jobs;

import io.storeplane.error.StoreplaneException;
import java.util.List;

/**
 * One kind of durable work, registered by the module that owns it (provisioning, later billing,
 * fleet, events); the engine knows nothing of any kind. A kind's run is a sequence of named steps
 * ({@link JobContext#step}), each idempotent: a job whose worker died is taken over after its lease
 * expires and runs again from the start, so it must end exactly as an uninterrupted run.
 */
public interface JobKind {

  /** The kind's stable name, e.g. {@code provisioning}; stored with every job. */
  String name();

  /**
   * Runs the job: its steps through {@code job}. A failure is thrown: a {@link StoreplaneException}
   * is judged by {@link #retry()}; anything else is first {@link #translate translated}.
   */
  JobResult run(JobContext job);

  /** When a failure runs again. Default: transient failures, 5 tries, 1 s doubling to 1 min. */
  default RetryPolicy retry() {
    return RetryPolicy.exponential(
        java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(1), 5);
  }

  /** How many of this kind may run at once across the cluster. Default: no limit. */
  default JobLimits limits() {
    return JobLimits.NONE;
  }

  /** The recurring schedules that queue jobs of this kind. Default: none. */
  default List<JobSchedule> schedules() {
    return List.of();
  }

  /**
   * The error-model failure for something a step threw that is not one: a kind that knows its
   * failures (SQLExceptions, HTTP errors) classifies them here. Default: an error-model failure as
   * it is, anything else a crash (permanent).
   */
  default StoreplaneException translate(String step, RuntimeException failure) {
    if (failure instanceof StoreplaneException known) {
      return known;
    }
    return new JobException(
        JobError.JOB_CRASHED,
        "Step %s failed unexpectedly: %s".formatted(step, failure.getMessage()),
        failure);
  }

  /**
   * Undoes what a failed or cancelled job created, before it ends; the returned text is added to
   * the job's last message. Default: nothing to undo.
   */
  default String cleanUp(JobContext job) {
    return "";
  }

  /**
   * Told inside the transaction that ends the job, so what the kind owns (a store's state, say)
   * changes atomically with it. Must not block on anything but the master database.
   */
  default void ended(JobRecord job, JobEnd end) {}
}
