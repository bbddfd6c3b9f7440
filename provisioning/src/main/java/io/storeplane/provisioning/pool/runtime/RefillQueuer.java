package io.storeplane.provisioning.pool.runtime;

import io.storeplane.jobs.JobStore;
import io.storeplane.provisioning.pool.WarmPoolRefillKind;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Queues a warm-pool refill after a claim ({@link WarmPoolRefillKind#queue}) on one kept thread,
 * {@code storeplane-warm-pool-refill-queue}, so the claim's onboarding does not wait for those
 * master transactions. Claims that come while one is pending are folded into it: the queueing reads
 * the pools' levels when it runs. A queueing that fails is logged; the recurring refill comes
 * anyway.
 */
final class RefillQueuer implements Consumer<BooleanSupplier>, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RefillQueuer.class);

  private final Supplier<JobStore> jobs;
  private final Clock clock;
  private final AtomicReference<BooleanSupplier> pending = new AtomicReference<>();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "storeplane-warm-pool-refill-queue");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param jobs the job store, looked up at the first claim (it needs every kind, the pool's refill
   *     included)
   */
  RefillQueuer(Supplier<JobStore> jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
  }

  /**
   * A claim left {@code belowLowWater} to tell whether its server's pool is now below half; folded
   * with the checks of the claims still pending (of other servers, perhaps): any one below half
   * makes the refill due.
   */
  @Override
  public void accept(BooleanSupplier belowLowWater) {
    BooleanSupplier before =
        pending.getAndAccumulate(
            belowLowWater,
            (folded, next) ->
                folded == null ? next : () -> folded.getAsBoolean() || next.getAsBoolean());
    if (before == null) {
      thread.execute(this::queue);
    }
  }

  private void queue() {
    BooleanSupplier belowLowWater = pending.getAndSet(null);
    try {
      WarmPoolRefillKind.queue(jobs.get(), clock.instant(), belowLowWater);
    } catch (RuntimeException e) {
      LOG.warnf("Could not queue a warm-pool refill after a claim: %s", e.getMessage());
    }
  }

  /** Lets a queueing under way finish (up to 5 s). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
    }
  }
}
