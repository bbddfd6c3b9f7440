package io.storeplane.billing.metering;

import static io.storeplane.billing.metering.Requests.answered;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

  private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
  private static final LocalDate DAY = LocalDate.parse("2026-03-10");

  @Test
  void countsCallsErrorsAndLatenciesPerStoreAndUtcDayOfArrival() {
    UsageMeter meter = new UsageMeter(true);
    UUID store = UUID.randomUUID();
    meter.observed(answered(store, 200, 3, NOON));
    meter.observed(answered(store, 404, "not-found", 30, NOON.plusSeconds(5)));
    meter.observed(answered(store, 503, "store-database-unavailable", 3, NOON.plusSeconds(9)));
    meter.observed(answered(store, 200, 3, Instant.parse("2026-03-10T23:59:59.999Z")));
    meter.observed(answered(store, 200, 3, Instant.parse("2026-03-11T00:00:00Z")));

    Map<LocalDate, DayCount> byDay = new HashMap<>();
    meter.drain(DAY).forEach(count -> byDay.put(count.day(), count));

    DayCount first = byDay.get(DAY);
    assertThat(first.calls()).isEqualTo(4);
    assertThat(first.clientErrors()).isEqualTo(1);
    assertThat(first.serverErrors()).isEqualTo(1);
    long[] expected = new long[LatencyBuckets.COUNT];
    expected[LatencyBuckets.of(3_000_000)] = 3;
    expected[LatencyBuckets.of(30_000_000)] = 1;
    assertThat(first.latencyHistogram()).containsExactly(expected);
    assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-03-10T23:59:59.999Z"));
    assertThat(byDay.get(DAY.plusDays(1)).calls()).isEqualTo(1);
    assertThat(meter.drain(DAY)).isEmpty();
  }

  @Test
  void callsRefusedByTheQuotaOrAPlanLimitAreNotCounted() {
    UsageMeter meter = new UsageMeter(true);
    UUID store = UUID.randomUUID();
    meter.observed(answered(store, 429, "api-quota-exceeded", 1, NOON));
    meter.observed(answered(store, 402, "plan-limit-exceeded", 1, NOON));
    meter.observed(answered(store, 429, "rate-limited", 1, NOON));

    List<DayCount> counts = meter.drain(DAY);
    assertThat(counts).singleElement().extracting(DayCount::calls).isEqualTo(1L);
    assertThat(meter.counted(new StoreDay(store, DAY))).isEqualTo(1);
  }

  @Test
  void aDisabledMeterCountsNothing() {
    UsageMeter meter = new UsageMeter(false);
    meter.observed(answered(UUID.randomUUID(), 200, 1, NOON));
    assertThat(meter.drain(DAY)).isEmpty();
  }

  /** Many threads count while drains run: every call is in exactly one drain. */
  @Test
  void noCountIsLostOrDoubledWhileDrainsRunConcurrently() throws Exception {
    UsageMeter meter = new UsageMeter(true);
    List<UUID> stores = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      stores.add(UUID.randomUUID());
    }
    int threads = 8;
    int callsPerThread = 200_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean counting = new AtomicBoolean(true);
    List<DayCount> drained = new ArrayList<>();
    try {
      Future<Integer> drainer =
          pool.submit(
              () -> {
                start.await();
                int drains = 0;
                while (counting.get()) {
                  drained.addAll(meter.drain(DAY));
                  drains++;
                }
                return drains;
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
                    int status = i % 10 == 0 ? 404 : 200;
                    meter.observed(answered(store, status, random.nextInt(100), NOON));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> counter : counters) {
        counter.get();
      }
      counting.set(false);
      int drains = drainer.get();
      drained.addAll(meter.drain(DAY));

      long calls = drained.stream().mapToLong(DayCount::calls).sum();
      long clientErrors = drained.stream().mapToLong(DayCount::clientErrors).sum();
      long inBuckets =
          drained.stream()
              .flatMapToLong(count -> java.util.Arrays.stream(count.latencyHistogram()))
              .sum();
      assertThat(drains).as("drains that ran while threads counted").isGreaterThan(1);
      assertThat(calls).isEqualTo((long) threads * callsPerThread);
      assertThat(clientErrors).isEqualTo((long) threads * callsPerThread / 10);
      assertThat(inBuckets).isEqualTo(calls);
      long quotaTotal = stores.stream().mapToLong(s -> meter.counted(new StoreDay(s, DAY))).sum();
      assertThat(quotaTotal).isEqualTo(calls);
    } finally {
      pool.shutdownNow();
    }
  }
}
