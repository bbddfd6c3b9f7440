package io.storeplane.fleet.rollout;

import io.storeplane.fleet.migrate.MigrationRequest;
import io.storeplane.fleet.migrate.MigrationResult;
import io.storeplane.fleet.migrate.StoreSchemaMigration;
import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.StepOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A worker of a rollout: claims the rollout's stores one at a time ({@link RolloutRecords#turn})
 * and migrates each in a step of its own ({@code migrate-<n>}, the n-th store of this run; the
 * message names the store), until the phase has nothing left for it. The worker that finds its
 * phase done begins the next one (after the canary's soak) and queues its workers. Everything it
 * knows is in the master: a worker whose instance died is taken over after its lease expires,
 * migrates again the store it held (the migration finds what the dead attempt applied, under the
 * store's schema lock) and goes on; other workers claim with {@code SKIP LOCKED}, so each store is
 * migrated once however many workers and instances share the rollout.
 */
@ApplicationScoped
public class RolloutKind implements JobKind {

  /** The kind's name. */
  public static final String NAME = "fleet.rollout";

  /** The job parameter naming the rollout. */
  static final String ROLLOUT = "rolloutId";

  /** The job parameter naming the phase the worker was queued for (for the record). */
  static final String PHASE = "phase";

  private final RolloutRecords records;
  private final Rollouts rollouts;
  private final StoreSchemaMigration migration;
  private final RolloutConfig config;
  private final Clock clock;

  RolloutKind(
      RolloutRecords records,
      Rollouts rollouts,
      StoreSchemaMigration migration,
      RolloutConfig config,
      Clock clock) {
    this.records = records;
    this.rollouts = rollouts;
    this.migration = migration;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobLimits limits() {
    return new JobLimits(config.maxRunning(), 0);
  }

  @Override
  public JobResult run(JobContext job) {
    UUID id = rollout(job);
    int migrated = 0;
    while (true) {
      Turn turn = rollouts.turn(id, job.id());
      if (turn instanceof Turn.Claimed claimed) {
        migrated++;
        migrate(job, id, claimed, migrated);
      } else if (turn instanceof Turn.Advanced advanced) {
        return JobResult.succeeded(summary(migrated, advanced.message()));
      } else if (turn instanceof Turn.Wait wait) {
        return JobResult.waiting(wait.until(), summary(migrated, wait.message()));
      } else {
        return JobResult.succeeded(summary(migrated, ((Turn.Done) turn).message()));
      }
    }
  }

  private void migrate(JobContext job, UUID id, Turn.Claimed claimed, int n) {
    job.step(
        "migrate-" + n,
        -1,
        () -> {
          MigrationResult result = migrate(id, claimed);
          Optional<ItemState> state =
              records.finish(
                  id,
                  job.id(),
                  result,
                  config.storeAttempts(),
                  config.retryDelay(),
                  clock.instant());
          String outcome =
              state
                  .map(s -> s.name().toLowerCase(Locale.ROOT))
                  .orElse("no longer held by this worker");
          return StepOutcome.done(
              "Store %s (attempt %d): %s; %s"
                  .formatted(claimed.slug(), claimed.attempt(), outcome, result.message()));
        });
  }

  /**
   * One store's migration: a store's failure, even an unexpected one, is in the result ({@link
   * StoreSchemaMigration}); the master not answering fails the worker (its job retries).
   */
  private MigrationResult migrate(UUID id, Turn.Claimed claimed) {
    return migration.migrate(
        new MigrationRequest(claimed.storeId(), claimed.targetVersion(), Optional.of(id)));
  }

  private static String summary(int migrated, String message) {
    return "%d stores taken; %s".formatted(migrated, message);
  }

  private static UUID rollout(JobContext job) {
    Object id = job.parameters().get(ROLLOUT);
    if (id == null) {
      throw new JobException(JobError.JOB_CRASHED, "A rollout job names no rollout");
    }
    return UUID.fromString(id.toString());
  }
}
