package io.storeplane.jobs;

import io.storeplane.error.ErrorKind;
import io.storeplane.error.StoreplaneException;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether and when a failed job runs again, judged by the one error model: failures of kind {@code
 * UNAVAILABLE} (refused, timed out, a server busy) are transient and retry with backoff; every
 * other kind (a wrong password, a clashing table, a denied host, a bug) is permanent.
 */
@FunctionalInterface
public interface RetryPolicy {

  /**
   * @param failures how many times the job has failed, this failure included
   * @param failure the failure
   * @return the delay before the next try, or empty to fail the job now
   */
  Optional<Duration> retryAfter(int failures, StoreplaneException failure);

  /** Whether a failure is worth retrying. */
  static boolean isTransient(StoreplaneException failure) {
    return failure.code().kind() == ErrorKind.UNAVAILABLE;
  }

  /** Never retries. */
  static RetryPolicy never() {
    return (failures, failure) -> Optional.empty();
  }

  /**
   * Exponential backoff: {@code initial * 2^(failures-1)}, capped at {@code max}, for transient
   * failures while {@code failures < maxAttempts}.
   */
  static RetryPolicy exponential(Duration initial, Duration max, int maxAttempts) {
    return (failures, failure) -> {
      if (!isTransient(failure) || failures >= maxAttempts) {
        return Optional.empty();
      }
      long factor = 1L << Math.min(30, failures - 1);
      Duration delay = initial.multipliedBy(factor);
      return Optional.of(delay.compareTo(max) > 0 ? max : delay);
    };
  }
}
