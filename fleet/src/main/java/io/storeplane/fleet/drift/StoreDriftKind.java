package io.storeplane.fleet.drift;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RetryPolicy;
import io.storeplane.jobs.StepOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * One store's schema check (the job's store), in one step, {@code check-schema}: reads the store's
 * catalog and version and records clean, drifted or unreachable in {@code store_schema_drift}. A
 * store that cannot be reached is a result, not a failure: the next scan checks it again. At most
 * {@code storeplane.fleet.drift.scan.max-running} run at once in the cluster and {@code
 * max-per-server} per database server (the job's limit key), so a scan never starves onboarding of
 * a server's connections.
 */
@ApplicationScoped
public class StoreDriftKind implements JobKind {

  /** The kind's name. */
  public static final String NAME = "fleet.drift.store";

  private final DriftService drift;
  private final DriftConfig config;

  StoreDriftKind(DriftService drift, DriftConfig config) {
    this.drift = drift;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RetryPolicy retry() {
    return RetryPolicy.never();
  }

  @Override
  public JobLimits limits() {
    return new JobLimits(config.scan().maxRunning(), config.scan().maxPerServer());
  }

  @Override
  public JobResult run(JobContext job) {
    UUID storeId =
        job.storeId()
            .orElseThrow(
                () -> new JobException(JobError.JOB_CRASHED, "A schema check job names no store"));
    DriftState[] state = {null};
    job.step(
        "check-schema",
        100,
        () -> {
          state[0] = drift.scan(storeId);
          return StepOutcome.done("The store's schema is " + describe(state[0]));
        });
    return JobResult.succeeded("The store's schema is " + describe(state[0]));
  }

  private static String describe(DriftState state) {
    return state == null ? "unchecked" : state.name().toLowerCase(java.util.Locale.ROOT);
  }
}
