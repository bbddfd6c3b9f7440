package io.storeplane.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A housekeeping kind queued by its own schedule: {@link #interval()} after the last one ended, at
 * most one at a time across the cluster, never retried (a run that fails is simply the next
 * period's to do). Its kinds write only {@link #name()}, {@link #interval()} and {@link #run}.
 */
public interface RecurringJobKind extends JobKind {

  /** The delay between the end of one run and the next; empty when the kind is switched off. */
  Optional<Duration> interval();

  /** Never retried: the next period runs it again. */
  @Override
  default RetryPolicy retry() {
    return RetryPolicy.never();
  }

  /** One at a time across the cluster. */
  @Override
  default JobLimits limits() {
    return JobLimits.ONE_AT_A_TIME;
  }

  /** The kind's own schedule, named as the kind, every {@link #interval()} after the last run. */
  @Override
  default List<JobSchedule> schedules() {
    return interval()
        .map(every -> List.of(JobSchedule.recurring(name(), Cadence.fixedDelay(every))))
        .orElse(List.of());
  }
}
