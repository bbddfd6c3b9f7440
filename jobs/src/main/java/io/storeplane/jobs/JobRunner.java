package io.storeplane.jobs;

import io.storeplane.error.StoreplaneException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs one claimed job through its kind and records how it ended: succeeded, waiting (requeued
 * until a time), failed and retried (transient, with the kind's backoff), failed for good (after
 * the kind cleaned up), or cancelled. Framework-free: time comes from the {@link Clock}.
 */
public final class JobRunner {

  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  private final JobStore store;
  private final Clock clock;
  private final RunListener listener;
  private final JobMetrics metrics;

  public JobRunner(JobStore store, Clock clock, RunListener listener, JobMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.listener = listener;
    this.metrics = metrics;
  }

  /**
   * Runs the job with the kind this instance registered under its name, to its end, a retry or a
   * wait; returns quietly if the lease is lost.
   */
  public void run(ClaimedJob job, String worker) {
    run(store.kinds().get(job.kind()), job, worker);
  }

  /**
   * Runs the job with {@code kind} (a test may pass its own instance of a kind, with other
   * retries); the store's registered kind still hears how the job ended.
   */
  public void run(JobKind kind, ClaimedJob job, String worker) {
    JobContext context = new JobContext(store, kind, job, worker, clock, listener);
    Instant started = clock.instant();
    String outcome = "failed";
    try {
      JobResult result;
      try {
        result = kind.run(context);
      } catch (JobContext.StepFailed failed) {
        outcome = fail(kind, context, failed.step, failed.failure);
        return;
      } catch (CancelRequested cancel) {
        outcome = "cancelled";
        cancel(kind, context);
        return;
      } catch (LeaseLostException | JobContext.WorkerStopped e) {
        throw e;
      } catch (RuntimeException e) {
        // the kind's own code between steps: what steps recorded after wrote is undone
        context.rollBack();
        outcome = fail(kind, context, "(outside a step)", kind.translate("-", e));
        return;
      }
      if (result instanceof JobResult.Waiting waiting) {
        outcome = "waiting";
        context.requeue(waiting.until(), waiting.message(), null, null, job.failures());
        return;
      }
      String message = ((JobResult.Succeeded) result).message();
      try {
        context.finish(JobStatus.SUCCEEDED, message, null, null, job.failures());
      } catch (CancelRequested cancel) {
        // asked for while steps recorded after ran: seen by the end, which wrote nothing
        outcome = "cancelled";
        cancel(kind, context);
        return;
      }
      outcome = "succeeded";
      LOG.infof("Job %s (%s) succeeded: %s", job.id(), job.kind(), message);
    } catch (JobContext.WorkerStopped stopped) {
      outcome = "stopped";
      throw stopped.cause();
    } catch (LeaseLostException lost) {
      outcome = "lease-lost";
      throw lost;
    } finally {
      // a run that stops without the job's next write (a dying worker) leaves no transaction open
      context.rollBack();
      metrics.ran(job.kind(), outcome, Duration.between(started, clock.instant()));
    }
  }

  private String fail(JobKind kind, JobContext context, String step, StoreplaneException failure) {
    ClaimedJob job = context.claimed();
    int failures = job.failures() + 1;
    metrics.failed(job.kind(), failure.code().code());
    Optional<Duration> delay = kind.retry().retryAfter(failures, failure);
    Instant now = clock.instant();
    if (delay.isPresent()) {
      LOG.warnf(
          "Job %s (%s): %s failed (try %d), retrying in %s: %s",
          job.id(), job.kind(), step, failures, delay.get(), failure.getMessage());
      context.requeue(
          now.plus(delay.get()),
          "Retrying in %ds after: %s".formatted(delay.get().toSeconds(), failure.getMessage()),
          failure.code().code(),
          failure.getMessage(),
          failures);
      return "retrying";
    }
    LOG.warnf("Job %s (%s) failed at %s: %s", job.id(), job.kind(), step, failure.getMessage());
    String cleanUp = cleanUp(kind, context);
    context.finish(
        JobStatus.FAILED,
        "Failed at " + step + cleanUp,
        failure.code().code(),
        failure.getMessage(),
        failures);
    return "failed";
  }

  private void cancel(JobKind kind, JobContext context) {
    ClaimedJob job = context.claimed();
    String cleanUp = cleanUp(kind, context);
    context.finish(JobStatus.CANCELLED, "Cancelled" + cleanUp, null, null, job.failures());
    LOG.infof("Job %s (%s) cancelled", job.id(), job.kind());
  }

  private static String cleanUp(JobKind kind, JobContext context) {
    try {
      return kind.cleanUp(context);
    } catch (RuntimeException e) {
      LOG.errorf(e, "Cleaning up after job %s failed", context.id());
      return "; clean-up failed: " + e.getMessage();
    }
  }
}
