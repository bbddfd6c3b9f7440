package io.storeplane.billing.metering;

import static io.storeplane.billing.metering.Requests.answered;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.testing.time.SettableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flush against a real master database. */
class UsageFlusherTest {

  private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
  private static final LocalDate DAY = LocalDate.parse("2026-03-10");

  private static MasterForMetering master;

  @BeforeAll
  static void master() {
    master = new MasterForMetering("meterflush");
  }

  @AfterAll
  static void drop() {
    master.close();
  }

  private static UsageFlusher flusher(UsageMeter meter, javax.sql.DataSource dataSource) {
    return new UsageFlusher(
        meter, dataSource, new SettableClock(NOON), new SimpleMeterRegistry(), "test-instance");
  }

  @Test
  void aFlushAddsEachStoreDaysCountsToItsRowAndSkipsIdsThatNameNoStore() {
    List<UUID> stores = master.stores(2, "free");
    UUID a = stores.get(0);
    UUID b = stores.get(1);
    UsageMeter meter = new UsageMeter(true);
    UsageFlusher flusher = flusher(meter, master.dataSource);
    meter.observed(answered(a, 200, 3, NOON));
    meter.observed(answered(a, 404, "not-found", 30, NOON.plusSeconds(1)));
    meter.observed(answered(a, 500, "internal-error", 3, NOON.plusSeconds(2)));
    meter.observed(answered(b, 200, 3, NOON));
    meter.observed(answered(b, 200, 3, NOON.plusSeconds(86_400)));
    meter.observed(answered(UUID.randomUUID(), 404, "store-not-found", 1, NOON));

    FlushResult first = flusher.flush();

    assertThat(first.succeeded()).isTrue();
    assertThat(first.batches()).isEqualTo(1);
    assertThat(master.apiCalls(a, DAY)).isEqualTo(3);
    assertThat(master.number("SELECT client_errors FROM usage_metrics WHERE store_id = ?", a))
        .isEqualTo(1);
    assertThat(master.number("SELECT server_errors FROM usage_metrics WHERE store_id = ?", a))
        .isEqualTo(1);
    assertThat(master.apiCalls(b, DAY)).isEqualTo(1);
    assertThat(master.apiCalls(b, DAY.plusDays(1))).isEqualTo(1);
    assertThat(
            master.number(
                "SELECT count(*) FROM usage_metrics WHERE store_id <> ALL (?)",
                (Object) stores.toArray(UUID[]::new)))
        .isZero();
    assertThat(
            master.number(
                "SELECT extract(epoch FROM last_activity_at)::bigint FROM stores WHERE id = ?", a))
        .isEqualTo(NOON.plusSeconds(2).getEpochSecond());

    meter.observed(answered(a, 200, 30, NOON.plusSeconds(30)));
    meter.observed(answered(a, 200, 3_000, NOON.plusSeconds(40)));
    assertThat(flusher.flush().succeeded()).isTrue();

    assertThat(master.apiCalls(a, DAY)).isEqualTo(5);
    long[] expected = new long[LatencyBuckets.COUNT];
    expected[LatencyBuckets.of(3_000_000L)] = 2;
    expected[LatencyBuckets.of(30_000_000L)] = 2;
    expected[LatencyBuckets.of(3_000_000_000L)] = 1;
    assertThat(master.histogram(a, DAY)).containsExactly(expected);
    assertThat(
            master.number(
                "SELECT extract(epoch FROM last_activity_at)::bigint FROM stores WHERE id = ?", a))
        .as("less than a minute later: kept to the minute, not rewritten")
        .isEqualTo(NOON.plusSeconds(2).getEpochSecond());
    meter.observed(answered(a, 200, 3, NOON.plusSeconds(63)));
    assertThat(flusher.flush().succeeded()).isTrue();
    assertThat(
            master.number(
                "SELECT extract(epoch FROM last_activity_at)::bigint FROM stores WHERE id = ?", a))
        .isEqualTo(NOON.plusSeconds(63).getEpochSecond());
    assertThat(master.apiCalls(a, DAY)).isEqualTo(6);
    assertThat(flusher.flush()).isEqualTo(new FlushResult(0, 0, java.util.Optional.empty()));
  }

  @Test
  void aFlushThatFailsAfterItsCommitIsCountedOnceWhenRetried() {
    UUID store = master.stores(1, "free").get(0);
    FaultyDataSource dataSource = new FaultyDataSource(master.dataSource);
    UsageMeter meter = new UsageMeter(true);
    UsageFlusher flusher = flusher(meter, dataSource);
    for (int i = 0; i < 7; i++) {
      meter.observed(answered(store, 200, 2, NOON));
    }

    dataSource.failAfterCommit.set(true);
    FlushResult failed = flusher.flush();

    assertThat(failed.succeeded()).isFalse();
    assertThat(flusher.pendingFlush()).isPresent();
    UUID kept = flusher.pendingFlush().orElseThrow();
    assertThat(master.apiCalls(store, DAY)).as("the commit happened").isEqualTo(7);
    assertThat(master.number("SELECT count(*) FROM usage_flushes WHERE flush_id = ?", kept))
        .isEqualTo(1);

    // Counts made since go in a batch of their own, after the retried one.
    for (int i = 0; i < 3; i++) {
      meter.observed(answered(store, 200, 2, NOON));
    }
    dataSource.failAfterCommit.set(false);
    FlushResult retried = flusher.flush();

    assertThat(retried.succeeded()).isTrue();
    assertThat(retried.batches()).isEqualTo(2);
    assertThat(flusher.pendingFlush()).isEmpty();
    assertThat(master.apiCalls(store, DAY)).isEqualTo(10);
    assertThat(master.histogram(store, DAY)[LatencyBuckets.of(2_000_000L)]).isEqualTo(10);
  }

  @Test
  void aFlushThatFailsBeforeItsCommitKeepsItsCountsForTheNextOne() {
    UUID store = master.stores(1, "free").get(0);
    FaultyDataSource dataSource = new FaultyDataSource(master.dataSource);
    UsageMeter meter = new UsageMeter(true);
    UsageFlusher flusher = flusher(meter, dataSource);
    meter.observed(answered(store, 200, 2, NOON));
    meter.observed(answered(store, 200, 2, NOON));

    dataSource.refuseConnections.set(true);
    assertThat(flusher.flush().succeeded()).isFalse();
    meter.observed(answered(store, 200, 2, NOON));
    assertThat(flusher.flush().succeeded()).isFalse();
    assertThat(master.apiCalls(store, DAY)).isZero();

    dataSource.refuseConnections.set(false);
    assertThat(flusher.flush().succeeded()).isTrue();
    assertThat(master.apiCalls(store, DAY)).isEqualTo(3);
  }

  @Test
  void metricsCountCommittedBatchesTheirStoresAndFailures() {
    List<UUID> stores = master.stores(3, "free");
    FaultyDataSource dataSource = new FaultyDataSource(master.dataSource);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    UsageMeter meter = new UsageMeter(true);
    UsageFlusher flusher =
        new UsageFlusher(meter, dataSource, new SettableClock(NOON), registry, "metrics-test");
    stores.forEach(store -> meter.observed(answered(store, 200, 2, NOON)));
    dataSource.refuseConnections.set(true);
    flusher.flush();
    dataSource.refuseConnections.set(false);
    flusher.flush();

    assertThat(registry.get("storeplane.metering.flushes").counter().count()).isEqualTo(1);
    assertThat(registry.get("storeplane.metering.flush.failures").counter().count()).isEqualTo(1);
    assertThat(registry.get("storeplane.metering.flush.stores").summary().totalAmount())
        .isEqualTo(3);
    assertThat(registry.get("storeplane.metering.flush.duration").timer().count()).isEqualTo(2);
  }

  @Test
  void flushIdsOlderThanADayAreDeleted() {
    UUID store = master.stores(1, "free").get(0);
    UUID old = UUID.randomUUID();
    UUID recent = UUID.randomUUID();
    master.update(
        "INSERT INTO usage_flushes (flush_id, instance, stores, flushed_at) VALUES"
            + " (?, 'gone', 1, now() - interval '25 hours'),"
            + " (?, 'kept', 1, now() - interval '23 hours')",
        old,
        recent);
    UsageMeter meter = new UsageMeter(true);
    meter.observed(answered(store, 200, 2, NOON));
    assertThat(flusher(meter, master.dataSource).flush().succeeded()).isTrue();

    assertThat(master.number("SELECT count(*) FROM usage_flushes WHERE flush_id = ?", old))
        .isZero();
    assertThat(master.number("SELECT count(*) FROM usage_flushes WHERE flush_id = ?", recent))
        .isEqualTo(1);
  }

  /** Threads count while flushes run and commit: the master ends with exactly the calls made. */
  @Test
  void callsCountedWhileFlushesRunAreWrittenExactlyOnce() throws Exception {
    List<UUID> stores = master.stores(30, "free");
    UsageMeter meter = new UsageMeter(true);
    UsageFlusher flusher = flusher(meter, master.dataSource);
    int threads = 6;
    int callsPerThread = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean counting = new AtomicBoolean(true);
    try {
      Future<Integer> flushing =
          pool.submit(
              () -> {
                start.await();
                int flushes = 0;
                while (counting.get()) {
                  assertThat(flusher.flush().succeeded()).isTrue();
                  flushes++;
                }
                return flushes;
              });
      List<Future<?>> counters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        counters.add(
            pool.submit(
                () -> {
                  start.await();
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < callsPerThread; i++) {
                    UUID store = stores.get(random.nextInt(stores.size()));
                    meter.observed(answered(store, i % 4 == 0 ? 500 : 200, i % 50, NOON));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> counter : counters) {
        counter.get();
      }
      counting.set(false);
      int flushes = flushing.get();
      assertThat(flusher.flush().succeeded()).isTrue();

      long made = (long) threads * callsPerThread;
      Object ids = stores.toArray(UUID[]::new);
      assertThat(flushes).as("flushes that ran while threads counted").isGreaterThan(1);
      assertThat(
              master.number(
                  "SELECT sum(api_calls) FROM usage_metrics WHERE store_id = ANY (?)", ids))
          .isEqualTo(made);
      assertThat(
              master.number(
                  "SELECT sum(server_errors) FROM usage_metrics WHERE store_id = ANY (?)", ids))
          .isEqualTo(made / 4);
      assertThat(
              master.number(
                  "SELECT sum(h) FROM usage_metrics, unnest(latency_histogram) AS h"
                      + " WHERE store_id = ANY (?)",
                  ids))
          .isEqualTo(made);
    } finally {
      pool.shutdownNow();
    }
  }
}
