package io.storeplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.jobs.sample.SampleKind;
import io.storeplane.testing.time.SettableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recurring schedules across two instances on one clock: one job per period however many instances
 * are due at once, one job for a stretch of missed periods, and a fixed delay that counts from the
 * end of the previous run.
 */
class JobScheduleTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private MasterForJobs master;

  @BeforeEach
  void master() throws Exception {
    master = new MasterForJobs("jobschedule");
    SampleKind.createTable(master.dataSource);
  }

  @AfterEach
  void drop() {
    master.close();
  }

  @Test
  void aCronScheduleRunsExactlyOncePerPeriodWithTwoInstancesForTenPeriods() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-04T10:00:30Z"));
    JobSchedule everyMinute =
        new JobSchedule(
            "sample.minutely", SampleKind.NAME, Cadence.cron("* * * * *"), Map.of("steps", 1));
    JobStore a =
        master.store(new SampleKind(master.dataSource, JobLimits.NONE, List.of(everyMinute)));
    JobStore b =
        master.store(new SampleKind(master.dataSource, JobLimits.NONE, List.of(everyMinute)));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (JobEngine one = master.engine("one", a, clock, LEASE, 2);
        JobEngine two = master.engine("two", b, clock, LEASE, 2)) {
      // Both instances start at 10:00:30: the first period is 10:01.
      one.runSchedules();
      two.runSchedules();
      assertThat(periods()).isEmpty();
      for (int period = 0; period < 10; period++) {
        clock.advance(Duration.ofMinutes(1));
        List<Callable<Object>> rounds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          rounds.add(Executors.callable(one::runSchedules));
          rounds.add(Executors.callable(two::runSchedules));
        }
        for (Future<Object> f : threads.invokeAll(rounds)) {
          f.get();
        }
      }
      assertThat(periods())
          .as("one job per minute from 10:01 to 10:10")
          .hasSize(10)
          .allMatch(row -> row.endsWith("=1"));
      assertThat(periods().get(0)).startsWith("2026-12-04T10:01:00Z");

      // Down for ten minutes: the missed periods run once, for the first one missed.
      clock.advance(Duration.ofMinutes(10));
      one.runSchedules();
      two.runSchedules();
      assertThat(periods()).hasSize(11);
      assertThat(periods().get(10)).isEqualTo("2026-12-04T10:11:00Z=1");
      one.runSchedules();
      assertThat(periods()).as("the next period is 10:21").hasSize(11);
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void aFixedDelayCountsFromTheEndOfThePreviousRun() {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-04T10:00:00Z"));
    JobSchedule delayed =
        new JobSchedule(
            "sample.delayed",
            SampleKind.NAME,
            Cadence.fixedDelay(Duration.ofMinutes(5)),
            Map.of("steps", 1));
    JobStore store =
        master.store(new SampleKind(master.dataSource, JobLimits.NONE, List.of(delayed)));
    try (JobEngine engine = master.engine("one", store, clock, LEASE, 1)) {
      engine.runSchedules();
      assertThat(periods()).hasSize(1);
      clock.advance(Duration.ofMinutes(30));
      engine.runSchedules();
      assertThat(periods()).as("nothing is due while the run has not ended").hasSize(1);
      ClaimedJob job =
          store
              .claim(
                  "one",
                  clock.instant(),
                  LEASE,
                  1,
                  List.of(SampleKind.NAME),
                  java.util.Optional.empty())
              .get(0);
      new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(job, "one");
      clock.advance(Duration.ofMinutes(4));
      engine.runSchedules();
      assertThat(periods()).hasSize(1);
      clock.advance(Duration.ofMinutes(1));
      engine.runSchedules();
      assertThat(periods()).as("five minutes after the run ended").hasSize(2);

      // A day later the finished run is history and goes; the queued one stays.
      clock.advance(Duration.ofDays(1).plusHours(1));
      assertThat(store.purgeScheduledHistory(clock.instant().minus(Duration.ofDays(1))))
          .isEqualTo(1);
      assertThat(periods()).hasSize(1);
    }
  }

  @Test
  void aCadenceThatCannotBeReadIsAClearError() {
    assertThatThrownBy(() -> Cadence.cron("every minute"))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("Not a five-field cron expression");
    assertThatThrownBy(() -> Cadence.parse("delay:five minutes"))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("Not an ISO-8601 duration");
    assertThat(Cadence.parse("cron:0 2 * * *").next(Instant.parse("2026-12-04T10:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
  }

  /** "period=jobs" for every period a schedule queued, in order. */
  private List<String> periods() {
    List<String> rows = new ArrayList<>();
    try (Connection c = master.dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT period_start, count(*) FROM jobs WHERE schedule_name IS NOT NULL GROUP BY"
                    + " period_start ORDER BY period_start")) {
      while (rs.next()) {
        rows.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant() + "=" + rs.getLong(2));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
