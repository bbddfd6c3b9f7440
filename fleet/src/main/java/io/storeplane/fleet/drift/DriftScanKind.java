package io.storeplane.fleet.drift;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RecurringJobKind;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.store.ActiveStoreDatabases.StoreOnServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * The fleet drift scan, a recurring job ({@code storeplane.fleet.drift.scan.interval} after the
 * last one ended, once across the cluster): queues one {@link StoreDriftKind} check per store with
 * an active database, in one step. Each store is queued under the exclusive key {@code
 * fleet.drift:<store>} (a check already queued or running is left alone) and the idempotency key
 * {@code fleet.drift:<scan job>:<store>}, so a scan taken over after its worker died queues nothing
 * twice. The checks then run at most {@code max-running} at once, {@code max-per-server} per
 * database server.
 */
@ApplicationScoped
public class DriftScanKind implements RecurringJobKind {

  /** The kind's name, and its schedule's. */
  public static final String NAME = "fleet.drift.scan";

  private final DriftScans scans;
  private final DriftConfig config;

  DriftScanKind(DriftScans scans, DriftConfig config) {
    this.scans = scans;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Duration> interval() {
    return config.scan().enabled() ? Optional.of(config.scan().interval()) : Optional.empty();
  }

  @Override
  public JobResult run(JobContext job) {
    int[] queued = {0};
    job.step(
        "queue-store-checks",
        100,
        () -> {
          for (StoreOnServer target : scans.activeStores()) {
            scans.enqueue(
                target, Optional.of("fleet.drift:%s:%s".formatted(job.id(), target.storeId())));
            queued[0]++;
          }
          return StepOutcome.done("Queued the schema check of %d stores".formatted(queued[0]));
        });
    return JobResult.succeeded("Queued the schema check of %d stores".formatted(queued[0]));
  }
}
