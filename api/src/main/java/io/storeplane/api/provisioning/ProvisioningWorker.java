package io.storeplane.api.provisioning;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.job.JobEngine;
import io.storeplane.provisioning.job.JobService;
import io.storeplane.provisioning.server.TemplateDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Scheduling glue for the job engine (produced by {@code provisioning.job.runtime}): a poll every
 * {@code storeplane.provisioning.worker.poll-interval} (which also renews leases and now and then
 * checks the template databases) and a wake-up right after a job is committed.
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
      ProvisioningConfig config, JobEngine engine, TemplateDatabases templates, Clock clock) {
    this.config = config;
    this.engine = engine;
    this.templates = templates;
    this.clock = clock;
  }

  @Scheduled(
      every = "${storeplane.provisioning.worker.poll-interval}",
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

  /** Stops claiming as soon as the application stops, while the master database is still open. */
  void stop(@Observes ShutdownEvent event) {
    engine.close();
  }
}
