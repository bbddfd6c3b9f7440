package io.storeplane.billing.report;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RecurringJobKind;
import io.storeplane.jobs.StepOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * A recurring job ({@code storeplane.reports.refresh-interval} after the last one ended, once
 * across the cluster) that refreshes the report tables from {@code usage_metrics}: the days whose
 * rows changed since the previous refresh, in one transaction (step {@code refresh}). No retries: a
 * failed refresh changes nothing and the next period tries again.
 */
@ApplicationScoped
public class UsageReportsKind implements RecurringJobKind {

  /** The kind's name, and its schedule's. */
  public static final String NAME = "usage.reports";

  private final UsageReports reports;
  private final ReportsConfig config;

  UsageReportsKind(UsageReports reports, ReportsConfig config) {
    this.reports = reports;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Duration> interval() {
    return Optional.of(config.refreshInterval());
  }

  @Override
  public JobResult run(JobContext job) {
    String[] message = {""};
    job.step(
        "refresh",
        100,
        () -> {
          ReportTables.Refresh done = reports.refresh();
          message[0] =
              done.days().isEmpty()
                  ? "No usage changed since the last refresh"
                  : "Refreshed %d day(s)%s, %s to %s"
                      .formatted(
                          done.days().size(),
                          done.full() ? " (all of them)" : "",
                          done.days().get(0),
                          done.days().get(done.days().size() - 1));
          return StepOutcome.done(message[0]);
        });
    return JobResult.succeeded(message[0]);
  }
}
