package io.storeplane.billing.report;

import io.storeplane.billing.metering.LatencyBuckets;
import java.time.LocalDate;

/**
 * Request latency and errors on one UTC day, of one store or of the whole platform.
 *
 * @param date the day
 * @param apiCalls requests
 * @param clientErrors of which answered 4xx
 * @param serverErrors of which answered 5xx
 * @param errorRate (client + server errors) / requests; null without requests
 * @param p50Ms median latency: the upper bound of its {@link LatencyBuckets bucket}, in ms
 * @param p95Ms 95th percentile, likewise
 * @param p99Ms 99th percentile, likewise
 */
public record PerformanceDay(
    LocalDate date,
    long apiCalls,
    long clientErrors,
    long serverErrors,
    Double errorRate,
    long p50Ms,
    long p95Ms,
    long p99Ms) {

  /** A day's figures from its counts and its histogram (one count per latency bucket). */
  public static PerformanceDay of(
      LocalDate date, long apiCalls, long clientErrors, long serverErrors, long[] histogram) {
    return new PerformanceDay(
        date,
        apiCalls,
        clientErrors,
        serverErrors,
        apiCalls == 0 ? null : (double) (clientErrors + serverErrors) / apiCalls,
        LatencyBuckets.percentileMillis(histogram, 0.50),
        LatencyBuckets.percentileMillis(histogram, 0.95),
        LatencyBuckets.percentileMillis(histogram, 0.99));
  }
}
