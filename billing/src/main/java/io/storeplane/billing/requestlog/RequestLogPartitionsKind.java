package io.storeplane.billing.requestlog;

import io.quarkus.runtime.StartupEvent;
import io.storeplane.error.StoreplaneException;
import io.storeplane.jobs.Cadence;
import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.JobSchedule;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.jobs.runtime.JobsConfig;
import io.storeplane.master.settings.PlatformSettingKey;
import io.storeplane.master.settings.PlatformSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The request log's partition maintenance, a recurring kind on the job engine: every day at 00:05
 * UTC, and once when an instance with workers starts, it creates today's partition of {@code
 * api_usage_logs} and the next {@code storeplane.request-log.partitions-ahead} days', then drops
 * the days past the retention (the platform setting {@code storeplane.retention.request-logs}, else
 * the configuration key of the same name, 30 days). One at a time across the cluster; a master that
 * does not answer is retried as the engine retries transient failures. "Now" is the application
 * {@link Clock}.
 */
@ApplicationScoped
public class RequestLogPartitionsKind implements JobKind {

  /** The kind's name, its schedule's and the exclusive key of its start-up job. */
  public static final String NAME = "billing.request-log-partitions";

  /** 00:05 UTC: the day just begun already has its partition (made days ahead). */
  static final String DAILY = "5 0 * * *";

  private static final Logger LOG = Logger.getLogger(RequestLogPartitionsKind.class);
  private static final Pattern DAYS = Pattern.compile("([1-9][0-9]{0,3})d");

  private final RequestLogPartitions partitions;
  private final IntSupplier ahead;
  private final Supplier<Duration> retention;
  private final Clock clock;

  @Inject
  RequestLogPartitionsKind(
      DataSource master,
      RequestLogConfig config,
      RetentionConfig retention,
      PlatformSettings settings,
      Clock clock) {
    this(
        new RequestLogPartitions(new RequestLogTable(master)),
        () -> config.settings().partitionsAhead(),
        () -> retention(settings, retention),
        clock);
  }

  /**
   * @param ahead days after today whose partitions are made
   * @param retention the retention in force, read at each run
   */
  RequestLogPartitionsKind(
      RequestLogPartitions partitions,
      IntSupplier ahead,
      Supplier<Duration> retention,
      Clock clock) {
    this.partitions = partitions;
    this.ahead = ahead;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobLimits limits() {
    return JobLimits.ONE_AT_A_TIME;
  }

  @Override
  public List<JobSchedule> schedules() {
    return List.of(JobSchedule.recurring(NAME, Cadence.cron(DAILY)));
  }

  @Override
  public JobResult run(JobContext job) {
    Instant now = clock.instant();
    int days = ahead.getAsInt();
    Duration keep = retention();
    job.step(
        "create-partitions",
        50,
        () -> {
          List<LocalDate> created = sql(() -> partitions.createAhead(now, days));
          return created.isEmpty()
              ? StepOutcome.skipped("Partitions from %s on exist".formatted(today(now)))
              : StepOutcome.done("Created the partitions of " + created);
        });
    job.step(
        "drop-expired-partitions",
        100,
        () -> {
          List<LocalDate> dropped = sql(() -> partitions.dropExpired(now, keep));
          LocalDate oldest = RequestLogPartitions.oldestKept(now, keep);
          return dropped.isEmpty()
              ? StepOutcome.skipped("No partition before %s (retention %s)".formatted(oldest, keep))
              : StepOutcome.done(
                  "Dropped the partitions of %s (before %s, retention %s)"
                      .formatted(dropped, oldest, keep));
        });
    return JobResult.succeeded(
        "Request log partitions kept from %s to %s"
            .formatted(RequestLogPartitions.oldestKept(now, keep), today(now).plusDays(days)));
  }

  @Override
  public StoreplaneException translate(String step, RuntimeException failure) {
    if (failure.getCause() instanceof SQLException sql) {
      return new JobException(
          JobError.JOB_STORE_FAILED,
          "Step %s: the master database refused the partition change: %s"
              .formatted(step, sql.getMessage()),
          sql);
    }
    return JobKind.super.translate(step, failure);
  }

  /** The retention in force: the platform setting, else {@code storeplane.retention.*}. */
  public Duration retention() {
    return retention.get();
  }

  private static Duration retention(PlatformSettings settings, RetentionConfig config) {
    Optional<String> set = settings.text(PlatformSettingKey.REQUEST_LOG_RETENTION);
    if (set.isPresent()) {
      Matcher days = DAYS.matcher(set.get());
      if (days.matches()) {
        return Duration.ofDays(Integer.parseInt(days.group(1)));
      }
      LOG.warnf(
          "The platform setting %s holds %s, not a number of days; using %s",
          PlatformSettingKey.REQUEST_LOG_RETENTION.key(), set.get(), config.requestLogs());
    }
    return config.requestLogs();
  }

  /**
   * Queues one run as the instance starts (when it runs jobs), so a new cluster or one that was
   * down over midnight has its partitions before the first daily tick; a run already queued or
   * running elsewhere is enough.
   */
  void queueAtStart(
      @Observes StartupEvent started, JobsConfig jobs, RetentionConfig retention, JobStore store) {
    if (retention.requestLogs().compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(
          "storeplane.retention.request-logs must be at least one day, not "
              + retention.requestLogs());
    }
    if (!jobs.worker().enabled()) {
      return;
    }
    try {
      store.enqueue(NewJob.of(NAME).exclusiveKey(NAME), clock.instant());
    } catch (JobException e) {
      // Another instance queued it first (its exclusive key is held): that run serves us too.
      LOG.debugf("Request log partitions not queued at start: %s", e.getMessage());
    }
  }

  private static LocalDate today(Instant now) {
    return RequestLogTable.dayOf(now);
  }

  /** A step body's SQL: a failure is carried to {@link #translate} as its cause. */
  private static <T> T sql(SqlCall<T> call) {
    try {
      return call.run();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface SqlCall<T> {
    T run() throws SQLException;
  }
}
