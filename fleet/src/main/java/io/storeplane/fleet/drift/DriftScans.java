package io.storeplane.fleet.drift;

import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.master.store.ActiveStoreDatabases;
import io.storeplane.master.store.ActiveStoreDatabases.StoreOnServer;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Queues stores' schema checks ({@link StoreDriftKind}): one per store under the exclusive key
 * {@code fleet.drift:<store>}, limited per database server (the limit key).
 */
@ApplicationScoped
public class DriftScans {

  private final JobStore jobs;
  private final ConnectionManager connections;
  private final Clock clock;

  DriftScans(JobStore jobs, ConnectionManager connections, Clock clock) {
    this.jobs = jobs;
    this.connections = connections;
    this.clock = clock;
  }

  /** Queues one store's check, or leaves the one already queued or running. */
  public void enqueue(StoreOnServer target, Optional<String> idempotencyKey) {
    String exclusive = "fleet.drift:" + target.storeId();
    NewJob check =
        NewJob.of(StoreDriftKind.NAME)
            .store(target.storeId())
            .exclusiveKey(exclusive)
            .limitKey(target.serverKey())
            .idempotencyKey(idempotencyKey)
            .maxAttempts(1)
            .unitsTotal(1);
    try {
      jobs.enqueue(check, clock.instant());
    } catch (JobException e) {
      if (e.code() != JobError.JOB_KEY_BUSY) {
        throw e;
      }
    }
  }

  /** Every store with an active database, by id. */
  public List<StoreOnServer> activeStores() {
    return ActiveStoreDatabases.list(connections.master());
  }
}
