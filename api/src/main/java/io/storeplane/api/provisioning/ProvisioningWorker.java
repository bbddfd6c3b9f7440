package io.storeplane.api.provisioning;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.provisioning.job.JobEngine;
import io.storeplane.provisioning.job.JobRecords;
import io.storeplane.provisioning.job.JobRunner;
import io.storeplane.provisioning.job.JobService;
import io.storeplane.provisioning.job.ProvisioningConfig;
import io.storeplane.provisioning.job.RetryPolicy;
import io.storeplane.provisioning.provider.DatabaseProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Quarkus glue for the job engine: one worker id per instance, a scheduled poll (which also renews
 * leases) and a wake-up right after a job is committed. The engine itself is framework-free.
 */
@Startup
@ApplicationScoped
public class ProvisioningWorker {

  private static final Logger LOG = Logger.getLogger(ProvisioningWorker.class);

  private final ProvisioningConfig config;
  private final JobEngine engine;

  ProvisioningWorker(
      ProvisioningConfig config, JobRecords records, DatabaseProviders providers, Clock clock) {
    this.config = config;
    String workerId =
        ManagementFactory.getRuntimeMXBean().getName()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    JobRunner runner =
        new JobRunner(
            records,
            providers,
            RetryPolicy.exponential(
                config.retry().initialBackoff(),
                config.retry().maxBackoff(),
                config.retry().maxAttempts()),
            clock,
            storeName ->
                new SeedValues(
                    storeName,
                    config.seed().currency(),
                    config.seed().locale(),
                    config.seed().timezone()),
            (job, step, status) -> {});
    this.engine =
        new JobEngine(
            workerId, records, runner, clock, config.worker().lease(), config.worker().threads());
    LOG.infof(
        "Provisioning worker %s: %s, %d threads, lease %s",
        workerId,
        config.worker().enabled() ? "enabled" : "disabled",
        config.worker().threads(),
        config.worker().lease());
  }

  /** The engine, for tests that drive a second worker. */
  public JobEngine engine() {
    return engine;
  }

  @Scheduled(
      every = "${storeplane.provisioning.worker.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void tick() {
    if (!config.worker().enabled()) {
      return;
    }
    try {
      engine.renewLeases();
      engine.poll();
    } catch (RuntimeException e) {
      LOG.error("Provisioning tick failed; the next tick tries again", e);
    }
  }

  void wake(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobService.JobQueued queued) {
    if (config.worker().enabled()) {
      CompletableFuture.runAsync(this::tick);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    engine.close();
  }
}
