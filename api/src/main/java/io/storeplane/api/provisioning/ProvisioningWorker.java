package io.storeplane.api.provisioning;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.master.job.StepStatus;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.job.JobEngine;
import io.storeplane.provisioning.job.JobRecords;
import io.storeplane.provisioning.job.JobRunner;
import io.storeplane.provisioning.job.JobService;
import io.storeplane.provisioning.job.RetryPolicy;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.server.TemplateDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final TemplateDatabases templates;
  private final Clock clock;
  private final AtomicBoolean buildingTemplates = new AtomicBoolean();
  private volatile Instant templatesCheckedAt = Instant.EPOCH;

  ProvisioningWorker(
      ProvisioningConfig config,
      JobRecords records,
      DatabaseProviders providers,
      TemplateDatabases templates,
      ConnectionManager connections,
      Clock clock) {
    this.config = config;
    this.templates = templates;
    this.clock = clock;
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
            (job, step, status) -> {
              // The job changed the store's connection or state outside a request: this
              // instance's cached route goes now, not at the next version check.
              if (status == StepStatus.SUCCEEDED
                  && (step == Step.SAVE_CONNECTION || step == Step.ACTIVATE_STORE)) {
                connections.invalidate(job.storeId());
              }
            });
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
      checkTemplates();
    } catch (RuntimeException e) {
      LOG.error("Provisioning tick failed; the next tick tries again", e);
    }
  }

  /** Now and then, on a thread of its own, builds any missing template (the fast path). */
  private void checkTemplates() {
    Instant now = clock.instant();
    if (!config.template().enabled()
        || now.isBefore(templatesCheckedAt.plus(config.template().checkInterval()))
        || !buildingTemplates.compareAndSet(false, true)) {
      return;
    }
    templatesCheckedAt = now;
    CompletableFuture.runAsync(
        () -> {
          try {
            templates.ensureAll();
          } catch (RuntimeException e) {
            LOG.error("Checking the template databases failed; will check again", e);
          } finally {
            buildingTemplates.set(false);
          }
        });
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
