package io.storeplane.provisioning.pool;

import io.storeplane.jobs.JobStore;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.store.DatabaseType;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The onboarding of the whole cluster, as the master's jobs show it: the pool's refill yields to it
 * ({@link WarmPool.Onboarding}). Onboarding is busy while a job of its kind runs or is due, or
 * ended less than {@link WarmPoolRefillKind#QUIET} ago; the onboardings waiting to claim on a
 * server are those jobs' stores that may still claim there ({@link PoolEntries#waitingToClaim}).
 */
public final class ClusterOnboarding implements WarmPool.Onboarding {

  private final Supplier<JobStore> jobs;
  private final String kind;
  private final PoolEntries entries;
  private final Clock clock;

  /**
   * @param jobs the job store, looked up when first asked (it is built from the job kinds, the
   *     refill among them)
   * @param kind the onboarding job kind (provisioning), whose jobs each carry their store
   */
  public ClusterOnboarding(Supplier<JobStore> jobs, String kind, PoolEntries entries, Clock clock) {
    this.jobs = jobs;
    this.kind = kind;
    this.entries = entries;
    this.clock = clock;
  }

  @Override
  public boolean busy() {
    return jobs.get().activeWithin(kind, clock.instant(), WarmPoolRefillKind.QUIET);
  }

  @Override
  public long waitingToClaim(DatabaseServer server) throws SQLException {
    List<String> managed =
        Arrays.stream(DatabaseType.values())
            .filter(type -> type.managed() && type.engine() == server.engine)
            .map(Enum::name)
            .toList();
    return entries.waitingToClaim(
        server.id, managed, jobs.get().storesInFlight(kind, clock.instant()));
  }
}
