package io.storeplane.provisioning.pool.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobKinds;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobTransactions;
import io.storeplane.jobs.NewJob;
import io.storeplane.provisioning.pool.WarmPoolRefillKind;
import io.storeplane.testing.db.MigratedMaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A claim hands the refill's queueing to {@link RefillQueuer} and goes on: on a real master, the
 * claim's thread returns while the queueing is held, the claims that come meanwhile fold into one
 * more queueing that makes the refill due when any of their pools is below half, and a queueing
 * that fails leaves the next one working.
 */
class RefillQueuerTest {

  private MigratedMaster master;
  private JobStore jobs;

  @BeforeEach
  void master() {
    master = MigratedMaster.create("refillqueuer");
    WarmPoolRefillKind kind =
        new WarmPoolRefillKind(null, List::of, Duration.ofSeconds(30), Clock.systemUTC());
    jobs =
        new JobStore(
            JobTransactions.plain(master.dataSource()), JobKinds.of(kind), JobChanges.NONE);
  }

  @AfterEach
  void drop() {
    master.close();
  }

  @Test
  @Timeout(60)
  void claimsDoNotWaitForTheQueueingAndThoseMeanwhileFoldIntoOne() throws Exception {
    Instant later = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(300);
    // the schedule's refill, waiting for a quiet moment: a queueing makes it due when a pool is
    // below half
    UUID waiting =
        jobs.enqueue(NewJob.of(WarmPoolRefillKind.NAME).runAfter(later), Instant.now()).id();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    AtomicInteger queueings = new AtomicInteger();
    Supplier<JobStore> slow =
        () -> {
          queueings.incrementAndGet();
          started.countDown();
          try {
            held.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return jobs;
        };
    try (RefillQueuer queuer = new RefillQueuer(slow, Clock.systemUTC())) {
      queuer.accept(() -> false);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      // the first queueing is held on its own thread; these return at once and fold into one:
      // claims on two servers, of which the first left its pool below half
      queuer.accept(() -> true);
      for (int i = 0; i < 9; i++) {
        queuer.accept(() -> false);
      }
      assertThat(jobs.find(waiting).orElseThrow().runAfter()).isEqualTo(later);
      held.countDown();
    }
    assertThat(queueings.get())
        .as("the first, and one for the ten claims while it was held")
        .isEqualTo(2);
    assertThat(active()).isEqualTo(1);
    assertThat(jobs.find(waiting).orElseThrow().runAfter())
        .as("made due by the folded claims, one of whose pools was below half")
        .isBefore(later);
  }

  @Test
  @Timeout(60)
  void aQueueingThatFailsLeavesTheNextOneWorking() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<JobStore> failsOnce =
        () -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("master unreachable");
          }
          return jobs;
        };
    try (RefillQueuer queuer = new RefillQueuer(failsOnce, Clock.systemUTC())) {
      queuer.accept(() -> true);
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
      queuer.accept(() -> true);
    }
    assertThat(calls.get()).isEqualTo(2);
    assertThat(active()).isEqualTo(1);
  }

  private long active() {
    return master.number(
        "SELECT count(*) FROM jobs WHERE kind = ? AND status IN ('QUEUED', 'RUNNING')",
        WarmPoolRefillKind.NAME);
  }
}
