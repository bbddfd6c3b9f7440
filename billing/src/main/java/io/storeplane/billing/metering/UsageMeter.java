package io.storeplane.billing.metering;

import io.storeplane.billing.BillingError;
import io.storeplane.billing.request.StoreRequest;
import io.storeplane.billing.request.StoreRequestObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every store request this instance answers, per store and UTC day of its arrival, in
 * memory: calls, client errors, server errors and a latency histogram. Calls refused by the API
 * quota or a plan limit are not counted. Counting takes no lock and does no I/O; {@link
 * UsageFlusher} takes what was counted since its last flush with {@link #drain()}, which swaps in a
 * fresh window (see {@link MeterWindow} for why no count is lost or doubled).
 *
 * <p>For the quota it also keeps, per store and day, everything this instance counted and how much
 * of it its flushes committed, so that a store's usage is its flushed row plus what this instance
 * counted since it read that row ({@link ApiQuota}).
 */
@ApplicationScoped
public class UsageMeter implements StoreRequestObserver {

  private static final String QUOTA_REFUSED = BillingError.API_QUOTA_EXCEEDED.code();
  private static final String LIMIT_REFUSED = BillingError.PLAN_LIMIT_EXCEEDED.code();

  private final boolean enabled;
  private final AtomicReference<MeterWindow> window = new AtomicReference<>(new MeterWindow());
  private final Map<StoreDay, DayTotal> totals = new ConcurrentHashMap<>();

  /** Odd while a flush's transaction is being committed; bumped before and after each commit. */
  private final AtomicLong commits = new AtomicLong();

  @Inject
  UsageMeter(MeteringConfig config) {
    this(config.enabled());
  }

  /** A meter outside CDI (tests, the benchmark); a disabled one counts nothing. */
  public UsageMeter(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public void observed(StoreRequest request) {
    if (!enabled || refused(request)) {
      return;
    }
    StoreDay key = new StoreDay(request.storeId(), dayOf(request));
    // The quota's total first: a flush can only commit what a window holds, so the committed
    // amount never runs ahead of the counted one.
    totals.computeIfAbsent(key, k -> new DayTotal()).counted.increment();
    while (!window.get().count(key, request)) {
      // Sealed between our read and our count: the flush has already put the next window in place.
      Thread.onSpinWait();
    }
  }

  /** Whether counting is on ({@code storeplane.metering.enabled}). */
  @Override
  public boolean active() {
    return enabled;
  }

  private static boolean refused(StoreRequest request) {
    return QUOTA_REFUSED.equals(request.errorCode()) || LIMIT_REFUSED.equals(request.errorCode());
  }

  private static LocalDate dayOf(StoreRequest request) {
    return LocalDate.ofInstant(request.occurredAt(), ZoneOffset.UTC);
  }

  /**
   * Everything counted since the last drain, one entry per store and day, and a fresh window for
   * what comes next. Called by one flush at a time. The quota totals of days before {@code today}
   * are forgotten here.
   */
  List<DayCount> drain(LocalDate today) {
    totals.keySet().removeIf(key -> key.day().isBefore(today));
    return window.getAndSet(new MeterWindow()).seal();
  }

  /** A flush's transaction is about to commit. */
  void committing() {
    commits.incrementAndGet();
  }

  /**
   * The commit announced by {@link #committing()} ended; {@code counts} are in the master if so.
   */
  void committed(List<DayCount> counts, boolean succeeded) {
    if (succeeded) {
      for (DayCount count : counts) {
        DayTotal total = totals.get(new StoreDay(count.storeId(), count.day()));
        if (total != null) {
          total.committed.addAndGet(count.calls());
        }
      }
    }
    commits.incrementAndGet();
  }

  /** Changes on every commit's start and end; odd while one is under way. */
  long commitSequence() {
    return commits.get();
  }

  /** Calls counted by this instance for the store and day, flushed or not. */
  long counted(StoreDay key) {
    DayTotal total = totals.get(key);
    return total == null ? 0 : total.counted.sum();
  }

  /** Of {@link #counted}, the calls this instance's flushes have committed to the master. */
  long committed(StoreDay key) {
    DayTotal total = totals.get(key);
    return total == null ? 0 : total.committed.get();
  }

  private static final class DayTotal {
    private final LongAdder counted = new LongAdder();
    private final AtomicLong committed = new AtomicLong();
  }
}
