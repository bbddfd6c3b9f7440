package io.storeplane.billing.requestlog;

import java.time.Duration;
import java.util.Objects;

/**
 * The request log's settings, checked once: a bad value stops the application at start-up naming
 * its key ({@link RequestLogConfig} reads them from {@code storeplane.request-log.*}).
 *
 * @param enabled whether anything is logged
 * @param sampleRate the share of requests logged, 0 to 1
 * @param queueCapacity the most entries waiting for the writer, at least 1
 * @param batchSize the most entries one write carries, at least 1
 * @param flushInterval the longest an entry waits for its batch to fill, at least 1 ms
 * @param shutdownTimeout how long a graceful shutdown may write what is queued
 * @param partitionsAhead days after today whose partitions are kept ready, 0 to 366
 */
public record RequestLogSettings(
    boolean enabled,
    double sampleRate,
    int queueCapacity,
    int batchSize,
    Duration flushInterval,
    Duration shutdownTimeout,
    int partitionsAhead) {

  private static final String PREFIX = "storeplane.request-log.";

  public RequestLogSettings {
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw invalid("sample-rate", "must be between 0 and 1, not " + sampleRate);
    }
    if (queueCapacity < 1) {
      throw invalid("queue-capacity", "must be at least 1, not " + queueCapacity);
    }
    if (batchSize < 1) {
      throw invalid("batch-size", "must be at least 1, not " + batchSize);
    }
    if (flushInterval.toMillis() < 1) {
      throw invalid("flush-interval", "must be at least 1 ms, not " + flushInterval);
    }
    if (shutdownTimeout.isNegative()) {
      throw invalid("shutdown-timeout", "must not be negative, not " + shutdownTimeout);
    }
    if (partitionsAhead < 0 || partitionsAhead > 366) {
      throw invalid("partitions-ahead", "must be between 0 and 366, not " + partitionsAhead);
    }
  }

  private static IllegalArgumentException invalid(String key, String rule) {
    return new IllegalArgumentException(PREFIX + key + " " + rule);
  }
}
