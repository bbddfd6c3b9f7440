package io.storeplane.billing.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobEngine;
import io.storeplane.jobs.JobKinds;
import io.storeplane.jobs.JobMetrics;
import io.storeplane.jobs.JobRunner;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobTransactions;
import io.storeplane.jobs.RunListener;
import io.storeplane.testing.time.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The partition kind on the real job engine and a settable clock: its daily schedule (00:05 UTC)
 * makes today's and the next days' partitions, a stretch of missed days runs once and drops what
 * went past the retention, and a retention changed between runs is read at the next run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLogPartitionsKindTest {

  private final RequestLogMaster master = new RequestLogMaster("reqlogkind");

  @AfterAll
  void drop() {
    master.close();
  }

  @Test
  void theDailyScheduleMakesAndDropsPartitionsAsTheClockMoves() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
    AtomicReference<Duration> retention = new AtomicReference<>(Duration.ofDays(30));
    RequestLogPartitionsKind kind =
        new RequestLogPartitionsKind(
            new RequestLogPartitions(master.table), () -> 7, retention::get, clock);
    JobStore store =
        new JobStore(JobTransactions.plain(master.dataSource), JobKinds.of(kind), JobChanges.NONE);
    try (JobEngine engine =
        new JobEngine(
            "test",
            store,
            new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()),
            clock,
            Duration.ofSeconds(30),
            1,
            JobMetrics.none())) {
      engine.registerSchedules();
      engine.poll();
      assertThat(runs()).as("nothing is due before 00:05").isEmpty();
      assertThat(master.table.partitions()).isEmpty();

      clock.advance(Duration.ofMinutes(6));
      runOnce(engine, "2026-03-01T00:05:00Z");
      assertThat(master.table.partitions())
          .isEqualTo(days(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 8)));
      assertThat(steps())
          .containsExactly("create-partitions=SUCCEEDED", "drop-expired-partitions=SKIPPED");

      // Forty days without a run (the cluster was down): one run, for the first missed day.
      clock.advance(Duration.ofDays(40));
      runOnce(engine, "2026-03-02T00:05:00Z");
      // 10 April 00:06 less 30 days is 11 March: everything made on 1 March is gone.
      assertThat(master.table.partitions())
          .isEqualTo(days(LocalDate.of(2026, 4, 10), LocalDate.of(2026, 4, 17)));

      // The retention shrinks to 2 days; three days on, the days before 11 April go.
      retention.set(Duration.ofDays(2));
      clock.advance(Duration.ofDays(3));
      runOnce(engine, "2026-04-11T00:05:00Z");
      assertThat(master.table.partitions())
          .isEqualTo(days(LocalDate.of(2026, 4, 11), LocalDate.of(2026, 4, 20)));
    }
  }

  /** Polls once and waits for the run of {@code period} to succeed; the only run queued. */
  private void runOnce(JobEngine engine, String period) throws Exception {
    engine.poll();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(runs())
                    .as("last steps %s", steps())
                    .contains(Instant.parse(period) + " SUCCEEDED"));
    assertThat(runs()).as("one run per poll").doesNotContain("QUEUED", "RUNNING", "FAILED");
  }

  /**
   * Every run still kept (the engine deletes scheduled runs a day after they end), oldest first.
   */
  private List<String> runs() throws Exception {
    return strings(
        "SELECT to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ' '"
            + " || status FROM jobs WHERE kind = '"
            + RequestLogPartitionsKind.NAME
            + "' ORDER BY created_at");
  }

  /** The step log of the latest run. */
  private List<String> steps() throws Exception {
    return strings(
        "SELECT step || '=' || status FROM job_steps WHERE job_id = (SELECT id FROM jobs"
            + " ORDER BY created_at DESC LIMIT 1) ORDER BY id");
  }

  private List<String> strings(String sql) throws Exception {
    try (Connection c = master.dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static List<LocalDate> days(LocalDate first, LocalDate last) {
    return Stream.iterate(first, day -> !day.isAfter(last), day -> day.plusDays(1)).toList();
  }
}
