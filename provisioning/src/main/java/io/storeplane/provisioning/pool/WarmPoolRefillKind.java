package io.storeplane.provisioning.pool;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.jobs.RecurringJobKind;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.server.DatabaseServerService;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The refill ({@value #NAME}): one recorded step per managed server, each bringing its warm pool to
 * its level ({@link WarmPool#refill}). Recurring ({@code
 * storeplane.provisioning.warm-pool.refill-interval} after the last one ended) and queued after a
 * claim. At most one runs at a time across the cluster ({@link #limits()}), and it makes one
 * database at a time, so it holds at most one admin connection and one store connection on one
 * server: onboarding keeps the rest of the server's connections. A refill that left a pool below
 * its level for onboarding ({@link WarmPool.Refill#deferred()}) waits one interval and looks again,
 * holding the kind's key meanwhile, so claims queue no other: the pool still has half its level,
 * and a busy hour costs one look per interval, not one per claim or per second. A server whose
 * refill fails is reported in its step and the others still run; the next refill tries again (no
 * retries).
 */
public final class WarmPoolRefillKind implements RecurringJobKind {

  /** The kind's name, its schedule's, and the exclusive key of a refill queued by a claim. */
  public static final String NAME = "provisioning.warm-pool";

  /**
   * How long onboarding must have been quiet (no job running, due or ended in it) before a refill
   * fills a pool above half its level.
   */
  public static final Duration QUIET = Duration.ofSeconds(1);

  private final WarmPool pool;
  private final Supplier<List<DatabaseServer>> servers;
  private final Duration interval;
  private final Clock clock;

  /**
   * @param servers every registered managed server, read when a refill runs
   * @param interval the delay between the end of one refill and the next
   */
  public WarmPoolRefillKind(
      WarmPool pool, Supplier<List<DatabaseServer>> servers, Duration interval, Clock clock) {
    this.pool = pool;
    this.servers = servers;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * After a claim: queues a refill under the kind's exclusive key, unless one is queued or running
   * already (its schedule's included). A refill waiting for a quiet moment is made due now when the
   * claim left its server's pool below half its level ({@code belowLowWater}, asked only then): a
   * busy stretch must not empty the pool while the refill waits.
   */
  public static void queue(JobStore jobs, Instant now, BooleanSupplier belowLowWater) {
    Optional<JobRecord> active = jobs.findActiveOfKind(NAME);
    if (active.isPresent()) {
      JobRecord refill = active.get();
      if (refill.status() == JobStatus.QUEUED
          && refill.runAfter().isAfter(now)
          && belowLowWater.getAsBoolean()) {
        jobs.dueNow(refill.id(), now);
      }
      return;
    }
    try {
      jobs.enqueue(NewJob.of(NAME).exclusiveKey(NAME).maxAttempts(1), now);
    } catch (JobException e) {
      // busy: a concurrent claim won the race to queue it, and this insert failed on the
      // one-active-job-per-key index instead
      if (e.code() != JobError.JOB_KEY_BUSY && jobs.findActiveOfKind(NAME).isEmpty()) {
        throw e;
      }
    }
  }

  /** Every registered server of {@code service}, for {@code servers}. */
  public static Supplier<List<DatabaseServer>> all(DatabaseServerService service) {
    return () -> service.list().stream().map(DatabaseServerService.ServerUsage::server).toList();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Duration> interval() {
    return Optional.of(interval);
  }

  @Override
  public JobResult run(JobContext job) {
    int[] made = {0};
    int[] dropped = {0};
    int[] failed = {0};
    int[] deferred = {0};
    for (DatabaseServer server : servers.get()) {
      job.step("warm-pool-" + server.name, () -> refill(server, made, dropped, failed, deferred));
    }
    String done =
        "%d made, %d dropped, %d server(s) failed".formatted(made[0], dropped[0], failed[0]);
    if (deferred[0] > 0) {
      return JobResult.waiting(
          clock.instant().plus(interval),
          "Warm pools: %s; %d server(s) left below their level while onboarding runs"
              .formatted(done, deferred[0]));
    }
    return JobResult.succeeded("Warm pools refilled: " + done);
  }

  private StepOutcome refill(
      DatabaseServer server, int[] made, int[] dropped, int[] failed, int[] deferred) {
    try {
      WarmPool.Refill refill = pool.refill(server);
      made[0] += refill.made();
      dropped[0] += refill.dropped();
      String level = "%d of %d ready".formatted(refill.ready(), refill.target());
      if (refill.deferred()) {
        deferred[0]++;
        level += ", the rest left for later: onboarding is running";
      }
      if (refill.made() == 0 && refill.dropped() == 0) {
        return StepOutcome.skipped("The warm pool of %s: %s".formatted(server.name, level));
      }
      return StepOutcome.done(
          "The warm pool of %s: made %d, dropped %d; %s"
              .formatted(server.name, refill.made(), refill.dropped(), level));
    } catch (SQLException | RuntimeException e) {
      failed[0]++;
      // onboarding on this server creates databases as before meanwhile; the next refill retries
      return StepOutcome.done(
          "Could not refill the warm pool of %s (onboarding creates databases meanwhile): %s"
              .formatted(server.name, e.getMessage()));
    }
  }
}
