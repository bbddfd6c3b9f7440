package io.storeplane.api;

import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.master.job.StepStatus;
import io.storeplane.provisioning.job.ClaimedJob;
import io.storeplane.provisioning.job.JobRecords;
import io.storeplane.provisioning.job.JobRunner;
import io.storeplane.provisioning.job.RetryPolicy;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.provider.DatabaseProviders;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs driven by the test instead of the background workers: the configuration that switches the
 * workers off (used by {@code SupabaseDoubleProfile.WorkersOff}, the one profile of such tests),
 * claims on a test clock, and runners that can crash after a step.
 */
public final class TestWorkers {

  /** The lease of a test claim. */
  public static final Duration LEASE = Duration.ofSeconds(30);

  /**
   * The configuration that switches this instance's workers off. The routes' version check runs
   * once an hour, so a test sees a store's route refreshed only by its {@code StoreChanged}.
   */
  public static final Map<String, String> WORKERS_OFF =
      Map.of(
          "storeplane.provisioning.worker.enabled", "false",
          "storeplane.pools.version-check-interval", "1H");

  private TestWorkers() {}

  /** Claims {@code jobId} for {@code worker} at the clock's now. */
  public static ClaimedJob claim(JobRecords records, String worker, Clock clock, UUID jobId) {
    return records.claim(worker, clock.instant(), LEASE, Optional.of(jobId)).orElseThrow();
  }

  /**
   * A runner with short retries on {@code clock} that throws {@link SimulatedCrash} right after
   * {@code crashAfter} succeeded (null: never).
   */
  public static JobRunner runner(
      JobRecords records, DatabaseProviders providers, Clock clock, Step crashAfter) {
    return new JobRunner(
        records,
        providers,
        RetryPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10), 3),
        clock,
        name -> new SeedValues(name, "EUR", "en-US", "UTC"),
        (job, step, status) -> {
          if (step == crashAfter && status == StepStatus.SUCCEEDED) {
            throw new SimulatedCrash();
          }
        });
  }
}
