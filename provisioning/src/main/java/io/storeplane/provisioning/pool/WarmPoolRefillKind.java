package io.storeplane.provisioning.pool;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RecurringJobKind;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.server.DatabaseServerService;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The refill ({@value #NAME}): one recorded step per managed server, each bringing its warm pool to
 * its level ({@link WarmPool#refill}). Recurring ({@code
 * storeplane.provisioning.warm-pool.refill-interval} after the last one ended) and queued after a
 * claim. At most one runs at a time across the cluster ({@link #limits()}), and it makes one
 * database at a time, so it holds at most one admin connection and one store connection on one
 * server: onboarding keeps the rest of the server's connections. A server whose refill fails is
 * reported in its step and the others still run; the next refill tries again (no retries).
 */
public final class WarmPoolRefillKind implements RecurringJobKind {

  /** The kind's name, its schedule's, and the exclusive key of a refill queued by a claim. */
  public static final String NAME = "provisioning.warm-pool";

  private final WarmPool pool;
  private final Supplier<List<DatabaseServer>> servers;
  private final Duration interval;

  /**
   * @param servers every registered managed server, read when a refill runs
   * @param interval the delay between the end of one refill and the next
   */
  public WarmPoolRefillKind(
      WarmPool pool, Supplier<List<DatabaseServer>> servers, Duration interval) {
    this.pool = pool;
    this.servers = servers;
    this.interval = interval;
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
    for (DatabaseServer server : servers.get()) {
      job.step("warm-pool-" + server.name, () -> refill(server, made, dropped, failed));
    }
    return JobResult.succeeded(
        "Warm pools refilled: %d made, %d dropped, %d server(s) failed"
            .formatted(made[0], dropped[0], failed[0]));
  }

  private StepOutcome refill(DatabaseServer server, int[] made, int[] dropped, int[] failed) {
    try {
      WarmPool.Refill refill = pool.refill(server);
      made[0] += refill.made();
      dropped[0] += refill.dropped();
      String level = "%d of %d ready".formatted(refill.ready(), refill.target());
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
