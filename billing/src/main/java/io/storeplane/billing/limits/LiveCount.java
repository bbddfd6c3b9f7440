package io.storeplane.billing.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One store's count of one limited thing (its products, its orders this month) as this instance
 * holds it: the live count read from the store's database at most {@code maxAge} ago, plus this
 * instance's creates since that count, plus the creates granted and still running.
 *
 * <p>{@link #reserve} grants a create only while that sum stays within the limit, under this
 * object's lock, so on one instance concurrent creates never pass it: the create at the limit is
 * granted and the next is refused. When the count is stale (older than {@code maxAge}, or of an
 * earlier period) the next reservation recounts: it stops granting, waits up to {@code
 * inFlightWait} for the creates still running to end, and reads the count while none runs, so the
 * count either holds each of them or they are added to it (exact). Creates still running after the
 * wait stay counted as pending until they end, but are not added again once they succeed: the
 * recount may have seen them.
 *
 * <p>The count itself is read while the lock is held, so one store's concurrent creates of the same
 * thing on this instance wait for it, once per {@code maxAge}.
 */
final class LiveCount {

  /** The answer to a reservation. */
  sealed interface Outcome permits Granted, Refused, Retired {}

  /** The create may go ahead; end it with {@link LiveCount#created} or {@link LiveCount#ended}. */
  record Granted(long generation) implements Outcome {}

  /** The create would pass the limit: {@code usage} is what the store has now. */
  record Refused(long usage) implements Outcome {}

  /** This count was dropped from its store's entry; take the entry again. */
  enum Retired implements Outcome {
    INSTANCE
  }

  private final Duration maxAge;
  private final long inFlightWaitNanos;

  private long base;
  private long created;
  private int inFlight;
  private long generation;
  private Instant countedAt;
  private Instant countedPeriod;
  private boolean recounting;
  private boolean retired;
  private Instant lastUsed = Instant.MIN;

  LiveCount(Duration maxAge, Duration inFlightWait) {
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.inFlightWaitNanos = inFlightWait.toNanos();
  }

  /**
   * Grants one create when the count, recounted first if stale, is below {@code max}.
   *
   * @param now the time, for the count's age
   * @param period the start of the period counted ({@link Instant#MIN} for all time): a count of
   *     another period is stale
   * @param max what the plan allows
   * @param count reads the live count from the store's database (may throw: nothing changes then)
   */
  synchronized Outcome reserve(Instant now, Instant period, long max, LongSupplier count) {
    while (recounting) {
      awaitChange(Long.MAX_VALUE);
    }
    if (retired) {
      return Retired.INSTANCE;
    }
    lastUsed = now;
    if (stale(now, period)) {
      recount(now, period, count);
    }
    long usage = usage();
    if (usage + 1 > max) {
      return new Refused(usage);
    }
    inFlight++;
    return new Granted(generation);
  }

  /** The granted create succeeded: it counts from now on. */
  synchronized void created(Granted grant) {
    inFlight--;
    if (grant.generation() == generation) {
      created++;
    }
    // else a recount ran while it did and may hold it already: it is not added twice
    notifyAll();
  }

  /** The granted create failed or was never made: it does not count. */
  synchronized void ended(Granted grant) {
    inFlight--;
    notifyAll();
  }

  /** What this instance holds the store to have: the count, its creates since and those running. */
  synchronized long usage() {
    return base + created + inFlight;
  }

  /**
   * Drops this count when nothing uses it: no create running, no recount, unused since {@code
   * idleSince}. A reservation that finds it dropped takes its store's entry again.
   */
  synchronized boolean retireIfIdle(Instant idleSince) {
    if (inFlight == 0 && !recounting && lastUsed.isBefore(idleSince)) {
      retired = true;
    }
    return retired;
  }

  synchronized void unretire() {
    retired = false;
  }

  private boolean stale(Instant now, Instant period) {
    return countedAt == null
        || !period.equals(countedPeriod)
        || !now.isBefore(countedAt.plus(maxAge));
  }

  private void recount(Instant now, Instant period, LongSupplier count) {
    recounting = true;
    try {
      long deadline = System.nanoTime() + inFlightWaitNanos;
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        awaitChange(left);
      }
      long counted = count.getAsLong();
      base = counted;
      created = 0;
      generation++;
      countedAt = now;
      countedPeriod = period;
    } finally {
      recounting = false;
      notifyAll();
    }
  }

  private void awaitChange(long nanos) {
    try {
      if (nanos == Long.MAX_VALUE) {
        wait();
      } else {
        wait(Math.max(1, nanos / 1_000_000), 0);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a store's usage count", e);
    }
  }
}
