package io.storeplane.billing.rollup;

import io.storeplane.billing.BillingError;
import io.storeplane.billing.BillingException;
import io.storeplane.error.FieldFailure;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.master.store.ActiveStoreDatabases;
import io.storeplane.master.store.ActiveStoreDatabases.StoreOnServer;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Queues store rollups: one job of {@link StoreRollupKind} per store and day. The exclusive key
 * {@code usage.rollup:<store>:<day>} lets at most one rollup of a store-day be queued or running
 * across the cluster (asking again while one is returns that job); the limit key is the store's
 * database server, which {@code storeplane.rollup.parallelism.max-per-server} counts.
 */
@ApplicationScoped
public class RollupService {

  private final JobStore jobs;
  private final ConnectionManager connections;
  private final RollupConfig config;
  private final Clock clock;

  public RollupService(
      JobStore jobs, ConnectionManager connections, RollupConfig config, Clock clock) {
    this.jobs = jobs;
    this.connections = connections;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Queues the rollup of {@code day} for {@code storeIds}, or for every active store when empty.
   *
   * @return one job per store, in the order asked (every active store: by id)
   * @throws BillingException {@code invalid-rollup-request} for a day after today (UTC), or stores
   *     that do not exist or have no active database (named)
   */
  public List<JobRecord> request(LocalDate day, Optional<List<UUID>> storeIds) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (day.isAfter(today)) {
      throw invalid("day", "must not be after today (%s, UTC)".formatted(today));
    }
    Map<UUID, StoreOnServer> active = new LinkedHashMap<>();
    for (StoreOnServer target : activeStores()) {
      active.put(target.storeId(), target);
    }
    List<StoreOnServer> targets = new ArrayList<>();
    if (storeIds.isPresent()) {
      List<String> refused = new ArrayList<>();
      for (UUID id : storeIds.get()) {
        StoreOnServer target = active.get(id);
        if (target == null) {
          refused.add(id.toString());
        } else if (targets.stream().noneMatch(t -> t.storeId().equals(id))) {
          targets.add(target);
        }
      }
      if (!refused.isEmpty()) {
        throw invalid(
            "storeIds",
            "names stores that do not exist or have no active database: "
                + String.join(", ", refused));
      }
    } else {
      targets.addAll(active.values());
    }
    UsageDay usageDay = new UsageDay(day);
    List<JobRecord> queued = new ArrayList<>();
    for (StoreOnServer target : targets) {
      queued.add(enqueue(target, usageDay, Optional.empty()));
    }
    return queued;
  }

  /**
   * Queues one store-day, or returns its rollup already queued or running (or, with an idempotency
   * key seen before, the job that key queued).
   */
  JobRecord enqueue(StoreOnServer target, UsageDay day, Optional<String> idempotencyKey) {
    String exclusive = "usage.rollup:%s:%s".formatted(target.storeId(), day);
    NewJob job =
        NewJob.of(StoreRollupKind.NAME)
            .store(target.storeId())
            .exclusiveKey(exclusive)
            .limitKey(target.serverKey())
            .idempotencyKey(idempotencyKey)
            .parameter(StoreRollupKind.DAY, day.toString())
            .maxAttempts(config.retry().attempts())
            .unitsTotal(1);
    try {
      return jobs.enqueue(job, clock.instant());
    } catch (JobException e) {
      if (e.code() != JobError.JOB_KEY_BUSY) {
        throw e;
      }
      return jobs.findActive(exclusive)
          // it ended between the two reads: queue it again
          .orElseGet(() -> jobs.enqueue(job, clock.instant()));
    }
  }

  /** Every store with an active database, by id. */
  List<StoreOnServer> activeStores() {
    return ActiveStoreDatabases.list(connections.master());
  }

  private static BillingException invalid(String field, String reason) {
    return new BillingException(
        BillingError.INVALID_ROLLUP_REQUEST,
        "Invalid rollup request: %s %s".formatted(field, reason),
        "The rollup cannot be queued: %s %s.".formatted(field, reason),
        List.of(new FieldFailure(field, reason)),
        null,
        null);
  }
}
