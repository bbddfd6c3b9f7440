package io.storeplane.billing.rollup;

import io.storeplane.jobs.Cadence;
import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.JobSchedule;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.store.ActiveStoreDatabases.StoreOnServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The daily schedule's job ({@code storeplane.rollup.daily.cron}, once across the cluster per
 * period): queues the previous UTC day's {@link StoreRollupKind} job for every store with an active
 * database, in one step. Each store-day is queued with the idempotency key {@code
 * usage.rollup:daily:<day>:<store>}, so a run taken over after its worker died queues nothing
 * twice; the store jobs then run, fail and retry on their own.
 */
@ApplicationScoped
public class DailyRollupKind implements JobKind {

  /** The kind's name, and its schedule's. */
  public static final String NAME = "usage.rollup.daily";

  private final RollupService rollups;

  /** The most days one daily run rolls up after downtime: the missed days up to yesterday. */
  static final int CATCH_UP_DAYS = 31;

  private final RollupConfig config;
  private final Clock clock;

  DailyRollupKind(RollupService rollups, RollupConfig config, Clock clock) {
    this.rollups = rollups;
    this.config = config;
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
    return config.daily().enabled()
        ? List.of(JobSchedule.recurring(NAME, Cadence.cron(config.daily().cron())))
        : List.of();
  }

  @Override
  public JobResult run(JobContext job) {
    Object period = job.parameters().get("period");
    Instant tick = period == null ? clock.instant() : Instant.parse(period.toString());
    // The engine runs a period missed during downtime once, for the first missed tick: every day
    // from that tick's day to yesterday is rolled up (at most CATCH_UP_DAYS), so none is skipped.
    LocalDate first = UsageDay.before(tick).date();
    LocalDate last = UsageDay.before(clock.instant()).date();
    if (last.isBefore(first)) {
      last = first;
    }
    if (first.isBefore(last.minusDays(CATCH_UP_DAYS - 1))) {
      first = last.minusDays(CATCH_UP_DAYS - 1);
    }
    LocalDate from = first;
    LocalDate to = last;
    int[] queued = {0};
    job.step(
        "queue-store-rollups",
        100,
        () -> {
          List<StoreOnServer> stores = rollups.activeStores();
          for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            UsageDay day = new UsageDay(date);
            for (StoreOnServer target : stores) {
              rollups.enqueue(
                  target,
                  day,
                  Optional.of("usage.rollup:daily:%s:%s".formatted(day, target.storeId())));
              queued[0]++;
            }
          }
          return StepOutcome.done(describe(from, to, queued[0]));
        });
    return JobResult.succeeded(describe(from, to, queued[0]));
  }

  private static String describe(LocalDate from, LocalDate to, int queued) {
    return from.equals(to)
        ? "Queued %d store rollups of %s".formatted(queued, from)
        : "Queued %d store rollups of %s to %s (days missed while no instance ran)"
            .formatted(queued, from, to);
  }
}
