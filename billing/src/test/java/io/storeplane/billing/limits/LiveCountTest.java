package io.storeplane.billing.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The per-store count a hard limit is held to on one instance: the create at the limit is granted
 * and the next refused, also when many ask at once; a stale count is read again, waiting for the
 * creates still running so none is lost or counted twice.
 */
class LiveCountTest {

  private static final Duration AGE = Duration.ofSeconds(5);
  private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
  private static final Instant ALL_TIME = Instant.MIN;

  /** The store's table as the database holds it. */
  private final AtomicLong rows = new AtomicLong();

  private final AtomicInteger counts = new AtomicInteger();

  private long count() {
    counts.incrementAndGet();
    return rows.get();
  }

  @Test
  void theCreateAtTheLimitIsGrantedAndTheNextRefusedWithTheUsage() {
    LiveCount count = new LiveCount(AGE, Duration.ofSeconds(10));
    rows.set(2);

    LiveCount.Outcome third = count.reserve(T0, ALL_TIME, 3, this::count);
    assertThat(third).isInstanceOf(LiveCount.Granted.class);
    rows.incrementAndGet();
    count.created((LiveCount.Granted) third);

    assertThat(count.reserve(T0.plusSeconds(1), ALL_TIME, 3, this::count))
        .isEqualTo(new LiveCount.Refused(3));
    assertThat(counts).as("one live count within the cache age").hasValue(1);
  }

  @Test
  void aFailedCreateGivesItsPlaceBack() {
    LiveCount count = new LiveCount(AGE, Duration.ofSeconds(10));

    LiveCount.Granted first = (LiveCount.Granted) count.reserve(T0, ALL_TIME, 1, this::count);
    assertThat(count.reserve(T0, ALL_TIME, 1, this::count))
        .as("the place is held while the create runs")
        .isEqualTo(new LiveCount.Refused(1));
    count.ended(first);

    assertThat(count.reserve(T0, ALL_TIME, 1, this::count)).isInstanceOf(LiveCount.Granted.class);
  }

  @Test
  void manyConcurrentCreatesNeverPassTheLimit() throws Exception {
    LiveCount count = new LiveCount(AGE, Duration.ofSeconds(10));
    rows.set(5);
    int callers = 64;
    ExecutorService threads = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<LiveCount.Outcome>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        outcomes.add(
            threads.submit(
                () -> {
                  start.await();
                  LiveCount.Outcome outcome = count.reserve(T0, ALL_TIME, 20, this::count);
                  if (outcome instanceof LiveCount.Granted granted) {
                    rows.incrementAndGet();
                    count.created(granted);
                  }
                  return outcome;
                }));
      }
      start.countDown();
      int granted = 0;
      for (Future<LiveCount.Outcome> outcome : outcomes) {
        if (outcome.get() instanceof LiveCount.Granted) {
          granted++;
        } else {
          assertThat(outcome.get()).isEqualTo(new LiveCount.Refused(20));
        }
      }
      assertThat(granted).isEqualTo(15);
      assertThat(rows).hasValue(20);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aStaleCountIsReadAgainSoOtherInstancesCreatesCount() {
    LiveCount count = new LiveCount(AGE, Duration.ofSeconds(10));
    rows.set(1);
    LiveCount.Granted mine = (LiveCount.Granted) count.reserve(T0, ALL_TIME, 4, this::count);
    rows.incrementAndGet();
    count.created(mine);
    rows.addAndGet(2); // another instance's creates: unseen until the count is read again

    LiveCount.Outcome unseen = count.reserve(T0.plus(AGE).minusMillis(1), ALL_TIME, 4, this::count);
    assertThat(unseen)
        .as("within the cache age: the other instance's creates are not seen")
        .isInstanceOf(LiveCount.Granted.class);
    assertThat(count.usage()).isEqualTo(3);
    rows.incrementAndGet();
    count.created((LiveCount.Granted) unseen);

    assertThat(count.reserve(T0.plus(AGE), ALL_TIME, 4, this::count))
        .as("after it: the live count holds them, this instance's creates are not added again")
        .isEqualTo(new LiveCount.Refused(5));
  }

  @Test
  void aNewPeriodIsCountedAfresh() {
    LiveCount count = new LiveCount(AGE, Duration.ofSeconds(10));
    Instant march = Instant.parse("2026-03-01T00:00:00Z");
    Instant april = Instant.parse("2026-04-01T00:00:00Z");
    rows.set(2);
    assertThat(count.reserve(T0, march, 2, this::count)).isEqualTo(new LiveCount.Refused(2));

    rows.set(0); // the database counts from the new month's start
    assertThat(count.reserve(april, april, 2, this::count)).isInstanceOf(LiveCount.Granted.class);
  }

  @Test
  void aRecountWaitsForTheCreatesStillRunningSoNoneIsLostOrCountedTwice() throws Exception {
    LiveCount count = new LiveCount(AGE, Duration.ofMinutes(5));
    LiveCount.Granted running = (LiveCount.Granted) count.reserve(T0, ALL_TIME, 2, this::count);
    Thread[] recounter = new Thread[1];
    CompletableFuture<LiveCount.Outcome> next =
        CompletableFuture.supplyAsync(
            () -> {
              recounter[0] = Thread.currentThread();
              return count.reserve(T0.plus(AGE), ALL_TIME, 2, this::count);
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> recounter[0] != null && recounter[0].getState() == Thread.State.TIMED_WAITING);
    assertThat(counts).as("the recount waits while a create runs").hasValue(1);

    rows.incrementAndGet(); // the running create's row is stored and committed
    count.created(running);

    assertThat(next.get())
        .as("the recount holds the create once: 1 row, 1 more allowed")
        .isInstanceOf(LiveCount.Granted.class);
    assertThat(counts).hasValue(2);
    assertThat(count.usage()).isEqualTo(2);
  }

  @Test
  void createsStillRunningAfterTheWaitStayCountedButAreNotAddedTwice() {
    LiveCount count = new LiveCount(AGE, Duration.ZERO);
    LiveCount.Granted running = (LiveCount.Granted) count.reserve(T0, ALL_TIME, 3, this::count);
    rows.incrementAndGet(); // committed before the recount reads, but not yet reported

    count.reserve(T0.plus(AGE), ALL_TIME, 3, this::count);
    assertThat(count.usage()).as("1 counted + the one still running + the new one").isEqualTo(3);

    count.created(running);
    assertThat(count.usage()).as("the recount held it: not added again").isEqualTo(2);
  }

  @Test
  void aFailedCountChangesNothingAndIsTriedAgain() {
    LiveCount count = new LiveCount(AGE, Duration.ofSeconds(10));
    assertThatThrownBy(
            () ->
                count.reserve(
                    T0,
                    ALL_TIME,
                    3,
                    () -> {
                      throw new IllegalStateException("store database down");
                    }))
        .hasMessage("store database down");

    rows.set(3);
    assertThat(count.reserve(T0, ALL_TIME, 3, this::count)).isEqualTo(new LiveCount.Refused(3));
  }

  @Test
  void onlyAnIdleCountIsRetiredAndARetiredOneSendsTheCallerBackForANewEntry() {
    LiveCount count = new LiveCount(AGE, Duration.ofSeconds(10));
    LiveCount.Granted running = (LiveCount.Granted) count.reserve(T0, ALL_TIME, 3, this::count);

    assertThat(count.retireIfIdle(T0.plusSeconds(60))).as("a create runs").isFalse();
    count.created(running);
    assertThat(count.retireIfIdle(T0)).as("used at the idle mark").isFalse();
    assertThat(count.retireIfIdle(T0.plusSeconds(60))).isTrue();

    assertThat(count.reserve(T0.plusSeconds(61), ALL_TIME, 3, this::count))
        .isSameAs(LiveCount.Retired.INSTANCE);
  }
}
