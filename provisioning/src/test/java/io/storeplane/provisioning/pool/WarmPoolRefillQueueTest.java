package io.storeplane.provisioning.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobKinds;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobTransactions;
import io.storeplane.jobs.NewJob;
import io.storeplane.testing.db.MigratedMaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a claim does to the refill queue ({@link WarmPoolRefillKind#queue}), on a real master: one
 * refill queued or running at a time, whichever queued it, and a refill waiting for a quiet moment
 * made due at once when the claim left the pool below half its level.
 */
class WarmPoolRefillQueueTest {

  private MigratedMaster master;
  private JobStore jobs;

  @BeforeEach
  void master() {
    master = MigratedMaster.create("refillqueue");
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
  void aClaimQueuesOneRefillAndNoSecondWhileOneIsQueued() {
    Instant now = Instant.now();
    WarmPoolRefillKind.queue(jobs, now, () -> true);
    WarmPoolRefillKind.queue(jobs, now, () -> true);
    assertThat(active()).isEqualTo(1);
    assertThat(jobs.findActiveOfKind(WarmPoolRefillKind.NAME).orElseThrow().exclusiveKey())
        .isEqualTo(WarmPoolRefillKind.NAME);
  }

  @Test
  void aRefillWaitingForAQuietMomentIsMadeDueOnlyWhenTheClaimLeftThePoolBelowHalf() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant later = now.plusSeconds(30);
    // as its schedule queues it, or as one that yielded to onboarding requeues itself: no key
    UUID waiting = jobs.enqueue(NewJob.of(WarmPoolRefillKind.NAME).runAfter(later), now).id();

    WarmPoolRefillKind.queue(jobs, now, () -> false);
    assertThat(active()).as("no second refill beside the schedule's").isEqualTo(1);
    assertThat(jobs.find(waiting).orElseThrow().runAfter()).isEqualTo(later);

    WarmPoolRefillKind.queue(jobs, now, () -> true);
    assertThat(active()).isEqualTo(1);
    assertThat(jobs.find(waiting).orElseThrow().runAfter()).isEqualTo(now);
    assertThat(jobs.dueNow(waiting, now)).as("already due").isFalse();
  }

  private long active() {
    return master.number(
        "SELECT count(*) FROM jobs WHERE kind = ? AND status IN ('QUEUED', 'RUNNING')",
        WarmPoolRefillKind.NAME);
  }
}
