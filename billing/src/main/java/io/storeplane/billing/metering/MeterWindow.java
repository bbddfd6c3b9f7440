package io.storeplane.billing.metering;

import io.storeplane.billing.request.StoreRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counts of one flush interval: request threads add to it without a lock until the flush seals
 * it. Sealing is a handshake on two volatile fields, never a lock: a writer announces itself in
 * {@code writers} and then reads {@code sealed}; the flush sets {@code sealed} and then waits for
 * {@code writers} to reach zero. Either the writer sees the seal (and counts in the next window) or
 * the flush sees the writer (and waits the few nanoseconds it takes to finish), so no count is lost
 * or made twice.
 */
final class MeterWindow {

  private final Map<StoreDay, Tally> tallies = new ConcurrentHashMap<>();
  private final AtomicInteger writers = new AtomicInteger();
  private volatile boolean sealed;

  /**
   * Counts one request in this window.
   *
   * @return false when the window is sealed: the caller counts in the next one
   */
  boolean count(StoreDay key, StoreRequest request) {
    writers.incrementAndGet();
    try {
      if (sealed) {
        return false;
      }
      tallies.computeIfAbsent(key, Tally::new).add(request);
      return true;
    } finally {
      writers.decrementAndGet();
    }
  }

  /** Closes the window to writers, waits for those inside to finish and returns its counts. */
  List<DayCount> seal() {
    sealed = true;
    while (writers.get() != 0) {
      Thread.onSpinWait();
    }
    List<DayCount> counts = new ArrayList<>(tallies.size());
    for (Tally tally : tallies.values()) {
      counts.add(tally.count());
    }
    return counts;
  }

  /** One store-day's counters; written by many threads at once, read once sealed. */
  private static final class Tally {
    private final StoreDay key;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong clientErrors = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLongArray histogram = new AtomicLongArray(LatencyBuckets.COUNT);
    private final AtomicLong lastSeenMillis = new AtomicLong(Long.MIN_VALUE);

    Tally(StoreDay key) {
      this.key = key;
    }

    void add(StoreRequest request) {
      calls.incrementAndGet();
      if (request.clientError()) {
        clientErrors.incrementAndGet();
      } else if (request.serverError()) {
        serverErrors.incrementAndGet();
      }
      histogram.incrementAndGet(LatencyBuckets.of(request.durationNanos()));
      lastSeenMillis.accumulateAndGet(request.occurredAt().toEpochMilli(), Math::max);
    }

    DayCount count() {
      long[] buckets = new long[LatencyBuckets.COUNT];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = histogram.get(i);
      }
      return new DayCount(
          key.storeId(),
          key.day(),
          calls.get(),
          clientErrors.get(),
          serverErrors.get(),
          buckets,
          Instant.ofEpochMilli(lastSeenMillis.get()));
    }
  }
}
