package io.storeplane.billing.metering;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The fixed latency buckets every instance counts requests in. A day's histogram is stored as one
 * count per bucket ({@code usage_metrics.latency_histogram}), so two instances' counts add up
 * bucket by bucket, and percentiles are read from the sum: a percentile is the upper bound of the
 * bucket it falls in (never below the true value; at most one bucket above it). The bounds never
 * change once stored rows use them; a new bound means a new column.
 */
public final class LatencyBuckets {

  /** Upper bounds in milliseconds, inclusive; a last, open bucket holds everything slower. */
  private static final long[] UPPER_MILLIS = {
    1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000
  };

  /** The number of buckets: one per bound and the open one. */
  public static final int COUNT = UPPER_MILLIS.length + 1;

  private LatencyBuckets() {}

  /** The bucket a request of {@code durationNanos} falls in. */
  public static int of(long durationNanos) {
    long micros = TimeUnit.NANOSECONDS.toMicros(Math.max(0, durationNanos));
    for (int i = 0; i < UPPER_MILLIS.length; i++) {
      if (micros <= UPPER_MILLIS[i] * 1_000) {
        return i;
      }
    }
    return UPPER_MILLIS.length;
  }

  /**
   * Bucket {@code index}'s upper bound in milliseconds; {@code Long.MAX_VALUE} for the open one.
   */
  public static long upperMillis(int index) {
    return index < UPPER_MILLIS.length ? UPPER_MILLIS[index] : Long.MAX_VALUE;
  }

  /** The bounds, for documentation and reports. */
  public static long[] bounds() {
    return Arrays.copyOf(UPPER_MILLIS, UPPER_MILLIS.length);
  }

  /**
   * The {@code quantile} (0 to 1, e.g. 0.95) of a histogram of {@link #COUNT} counts, as the upper
   * bound in milliseconds of the bucket it falls in; the slowest bound for the open bucket; 0 for
   * an empty histogram. A shorter array counts as zeros where it ends.
   */
  public static long percentileMillis(long[] counts, double quantile) {
    if (quantile < 0 || quantile > 1) {
      throw new IllegalArgumentException("A quantile is between 0 and 1, not " + quantile);
    }
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(upperMillis(i), UPPER_MILLIS[UPPER_MILLIS.length - 1]);
      }
    }
    return UPPER_MILLIS[UPPER_MILLIS.length - 1];
  }
}
