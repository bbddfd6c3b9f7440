package io.storeplane.provisioning.server;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RecurringJobKind;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.server.ServerStatus;
import io.storeplane.provisioning.ProvisioningConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * A recurring job ({@code storeplane.provisioning.template.check-interval} after the last one
 * ended, once across the cluster): every active managed PostgreSQL server gets its template at the
 * current client schema version, one recorded step per server. A server whose template cannot be
 * built is reported in its step and the others still run; the next period tries again (no retries).
 * Off when templates are.
 */
@ApplicationScoped
public class TemplateRefreshKind implements RecurringJobKind {

  /** The kind's name, and its schedule's. */
  public static final String NAME = "provisioning.templates";

  private final TemplateDatabases templates;
  private final DatabaseServerService servers;
  private final ProvisioningConfig config;

  TemplateRefreshKind(
      TemplateDatabases templates, DatabaseServerService servers, ProvisioningConfig config) {
    this.templates = templates;
    this.servers = servers;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Duration> interval() {
    return config.template().enabled()
        ? Optional.of(config.template().checkInterval())
        : Optional.empty();
  }

  @Override
  public JobResult run(JobContext job) {
    int[] built = {0};
    int[] failed = {0};
    for (DatabaseServerService.ServerUsage usage : servers.list()) {
      DatabaseServer server = usage.server();
      if (server.engine != DatabaseEngine.POSTGRESQL || server.status != ServerStatus.ACTIVE) {
        continue;
      }
      job.step("template-" + server.name, () -> ensure(server, built, failed));
    }
    return JobResult.succeeded(
        "Templates checked: %d built, %d could not be built".formatted(built[0], failed[0]));
  }

  private StepOutcome ensure(DatabaseServer server, int[] built, int[] failed) {
    try {
      if (templates.ensure(server)) {
        built[0]++;
        return StepOutcome.done("Built the template on " + server.name);
      }
      return StepOutcome.skipped("The template on " + server.name + " is ready");
    } catch (SQLException | RuntimeException e) {
      failed[0]++;
      // Flyway serves new stores on this server meanwhile; the next period tries again.
      return StepOutcome.done(
          "Could not build the template on %s (Flyway is used meanwhile): %s"
              .formatted(server.name, e.getMessage()));
    }
  }
}
