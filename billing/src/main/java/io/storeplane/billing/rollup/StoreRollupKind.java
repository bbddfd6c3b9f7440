package io.storeplane.billing.rollup;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RetryPolicy;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * One store's rollup of one UTC day (parameter {@code day}, the job's store), in one step, {@code
 * roll-up}: it reads the day's usage through the ConnectionManager and writes it into the master.
 * The step is idempotent (the values are absolute), so a takeover or a retry simply runs it again;
 * a failure of either half fails the step with the half's error (a read and a write cannot be told
 * apart by what they leave behind, so one record of both costs the job nothing and saves the
 * engine's bookkeeping of a second step). A store whose database cannot answer fails its own job,
 * which the engine retries with backoff ({@code storeplane.rollup.retry.*}) while every other
 * store's job runs; its status names the failure. At most {@code parallelism.max-running} run at
 * once in the cluster and {@code max-per-server} per database server (the job's limit key).
 */
@ApplicationScoped
public class StoreRollupKind implements JobKind {

  /** The kind's name. */
  public static final String NAME = "usage.rollup";

  /** The job parameter holding the day (ISO date). */
  static final String DAY = "day";

  /** The job's one step. */
  static final String STEP = "roll-up";

  private final StoreUsageReader reader;
  private final UsageRollupWriter writer;
  private final RollupConfig config;
  private final Clock clock;

  public StoreRollupKind(
      StoreUsageReader reader, UsageRollupWriter writer, RollupConfig config, Clock clock) {
    this.reader = reader;
    this.writer = writer;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RetryPolicy retry() {
    RollupConfig.Retry retry = config.retry();
    return RetryPolicy.exponential(retry.initialDelay(), retry.maxDelay(), retry.attempts());
  }

  @Override
  public JobLimits limits() {
    return new JobLimits(config.parallelism().maxRunning(), config.parallelism().maxPerServer());
  }

  @Override
  public JobResult run(JobContext job) {
    UUID storeId =
        job.storeId()
            .orElseThrow(
                () -> new JobException(JobError.JOB_CRASHED, "A usage rollup job names no store"));
    UsageDay day = day(job);
    StoreUsage[] usage = new StoreUsage[1];
    job.step(
        STEP,
        100,
        () -> {
          usage[0] = reader.read(storeId, day);
          boolean counters;
          try {
            counters = writer.write(storeId, day, usage[0], clock.instant());
          } catch (SQLException e) {
            throw new MasterDataException(
                MasterError.MASTER_DATABASE_UNAVAILABLE,
                "Could not write the usage of " + day + ": " + e.getMessage());
          }
          return StepOutcome.done(
              usage[0].summary()
                  + (counters
                      ? "; written with the store's counters"
                      : "; written, the store's counters kept (they are from a later day)"));
        });
    return JobResult.succeeded("Rolled up " + day + ": " + usage[0].summary());
  }

  private static UsageDay day(JobContext job) {
    Object day = job.parameters().get(DAY);
    try {
      return new UsageDay(LocalDate.parse(String.valueOf(day)));
    } catch (DateTimeParseException e) {
      throw new JobException(
          JobError.JOB_CRASHED, "A usage rollup job's day is not a date: " + day);
    }
  }
}
