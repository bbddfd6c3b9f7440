package io.storeplane.provisioning.job;

import io.storeplane.error.ErrorKind;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether and when a failed job runs again. Permanent failures (a wrong password, a clashing table,
 * a denied host: codes of kind {@code INVALID} or {@code CONFLICT}) never retry; transient ones
 * (kind {@code UNAVAILABLE}: refused, timed out) retry with backoff until the limit.
 */
@FunctionalInterface
public interface RetryPolicy {

  /**
   * @param failures how many times the job has failed, this failure included
   * @param failure the failure
   * @return the delay before the next try, or empty to fail the job now
   */
  Optional<Duration> retryAfter(int failures, ProvisioningException failure);

  /** Whether a code is worth retrying. */
  static boolean isTransient(ProvisioningError code) {
    return code.kind() == ErrorKind.UNAVAILABLE;
  }

  /**
   * Exponential backoff: {@code initial * 2^(failures-1)}, capped at {@code max}, for transient
   * failures while {@code failures < maxAttempts}.
   */
  static RetryPolicy exponential(Duration initial, Duration max, int maxAttempts) {
    return (failures, failure) -> {
      if (!isTransient(failure.code()) || failures >= maxAttempts) {
        return Optional.empty();
      }
      long factor = 1L << Math.min(30, failures - 1);
      Duration delay = initial.multipliedBy(factor);
      return Optional.of(delay.compareTo(max) > 0 ? max : delay);
    };
  }
}
