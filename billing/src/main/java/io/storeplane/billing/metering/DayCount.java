package io.storeplane.billing.metering;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * What one instance counted for one store on one UTC day between two flushes: the amounts a flush
 * adds to the store's {@code usage_metrics} row.
 *
 * @param storeId the store
 * @param day the UTC day of the requests' arrival
 * @param calls requests counted
 * @param clientErrors of them, answered 4xx
 * @param serverErrors of them, answered 5xx
 * @param latencyHistogram one count per {@link LatencyBuckets} bucket ({@link LatencyBuckets#COUNT}
 *     long)
 * @param lastSeen the latest arrival among them
 */
public record DayCount(
    UUID storeId,
    LocalDate day,
    long calls,
    long clientErrors,
    long serverErrors,
    long[] latencyHistogram,
    Instant lastSeen) {

  public DayCount {
    if (latencyHistogram.length != LatencyBuckets.COUNT) {
      throw new IllegalArgumentException(
          "A histogram has " + LatencyBuckets.COUNT + " buckets, not " + latencyHistogram.length);
    }
    latencyHistogram = latencyHistogram.clone();
  }

  @Override
  public long[] latencyHistogram() {
    return latencyHistogram.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DayCount that
        && storeId.equals(that.storeId)
        && day.equals(that.day)
        && calls == that.calls
        && clientErrors == that.clientErrors
        && serverErrors == that.serverErrors
        && Arrays.equals(latencyHistogram, that.latencyHistogram)
        && lastSeen.equals(that.lastSeen);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(storeId, day, calls, clientErrors, serverErrors, lastSeen)
        + Arrays.hashCode(latencyHistogram);
  }

  @Override
  public String toString() {
    return "DayCount[%s %s: %d calls, %d 4xx, %d 5xx, histogram %s]"
        .formatted(
            storeId, day, calls, clientErrors, serverErrors, Arrays.toString(latencyHistogram));
  }
}
