package io.storeplane.fleet.reconcile;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RecurringJobKind;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.server.ServerStatus;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * The reconciler's recurring job ({@code storeplane.fleet.reconciler.interval} after the last one
 * ended, once across the cluster): every managed server that is not disabled is reconciled, one
 * recorded step per server, each holding one admin connection of its server. A server that cannot
 * be read is reported in its step and the others still run; the next period tries again.
 */
@ApplicationScoped
public class ReconcileKind implements RecurringJobKind {

  /** The kind's name, and its schedule's. */
  public static final String NAME = "fleet.reconcile";

  private final Reconciler reconciler;
  private final DatabaseServerService servers;
  private final ReconcilerConfig config;

  ReconcileKind(Reconciler reconciler, DatabaseServerService servers, ReconcilerConfig config) {
    this.reconciler = reconciler;
    this.servers = servers;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Duration> interval() {
    return config.enabled() ? Optional.of(config.interval()) : Optional.empty();
  }

  @Override
  public JobResult run(JobContext job) {
    int[] findings = {0};
    int[] failed = {0};
    for (DatabaseServerService.ServerUsage usage : servers.list()) {
      DatabaseServer server = usage.server();
      if (server.status == ServerStatus.DISABLED) {
        continue;
      }
      job.step(
          "reconcile-" + server.name,
          () -> {
            try {
              Reconciliation run = reconciler.reconcile(server.id);
              findings[0] += run.findings().size();
              return StepOutcome.done(
                  "%d findings on %s%s"
                      .formatted(
                          run.findings().size(),
                          server.name,
                          run.dropped().isEmpty()
                              ? ""
                              : "; dropped orphans " + String.join(", ", run.dropped())));
            } catch (RuntimeException e) {
              failed[0]++;
              return StepOutcome.done(
                  "Could not reconcile %s: %s".formatted(server.name, e.getMessage()));
            }
          });
    }
    return JobResult.succeeded(
        "Reconciled: %d findings, %d servers could not be read".formatted(findings[0], failed[0]));
  }
}
