package io.storeplane.provisioning.supabase;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a failed Supabase call is tried again: only on 429 (always, the request was not processed)
 * and on 5xx (only for idempotent calls), at most {@code maxAttempts} attempts in all. A 429 waits
 * as long as Supabase asked ({@code X-RateLimit-Reset}, else {@code Retry-After}), unless that is
 * longer than {@code maxRateLimitWait}, in which case the call gives up at once; a 5xx waits {@code
 * initialBackoff} doubled per attempt, capped at {@code maxBackoff} (or the server's {@code
 * Retry-After}). Nothing else is retried: not 4xx, not timeouts, not refused connections.
 *
 * @param maxAttempts attempts in all, including the first; 1 disables retries
 * @param initialBackoff wait before the second attempt after a 5xx
 * @param maxBackoff the longest wait after a 5xx
 * @param maxRateLimitWait the longest wait a 429 may ask for before we give up instead
 */
public record CallRetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRateLimitWait) {

  /**
   * Default attempts in all, written once: {@code SupabaseConfig}'s {@code @WithDefault} ({@code
   * storeplane.supabase.max-attempts}) and {@link #DEFAULT} read it.
   */
  public static final String DEFAULT_MAX_ATTEMPTS = "4";

  /** Default wait before the second attempt after a 5xx ({@code initial-backoff}): 500 ms. */
  public static final String DEFAULT_INITIAL_BACKOFF = "PT0.5S";

  /** Default longest wait after a 5xx ({@code max-backoff}): 8 s. */
  public static final String DEFAULT_MAX_BACKOFF = "PT8S";

  /** Default longest wait a 429 may ask for ({@code max-rate-limit-wait}): 60 s. */
  public static final String DEFAULT_MAX_RATE_LIMIT_WAIT = "PT60S";

  /** The defaults: 4 attempts, 500 ms doubling to 8 s, rate-limit waits up to 60 s. */
  public static final CallRetryPolicy DEFAULT =
      new CallRetryPolicy(
          Integer.parseInt(DEFAULT_MAX_ATTEMPTS),
          Duration.parse(DEFAULT_INITIAL_BACKOFF),
          Duration.parse(DEFAULT_MAX_BACKOFF),
          Duration.parse(DEFAULT_MAX_RATE_LIMIT_WAIT));

  /** One attempt, never a retry: for callers that fail fast and let their own caller retry. */
  public static final CallRetryPolicy NONE =
      new CallRetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public CallRetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
  }

  /**
   * How long to wait before attempt {@code attemptsMade + 1}, or empty to give up.
   *
   * @param attemptsMade attempts made so far (1 after the first failure)
   * @param failure what the last attempt answered
   * @param idempotent whether the call may be repeated safely after a 5xx
   */
  public Optional<Duration> delayBeforeRetry(
      int attemptsMade, SupabaseException failure, boolean idempotent) {
    if (attemptsMade >= maxAttempts) {
      return Optional.empty();
    }
    int status = failure.httpStatus();
    if (status == 429) {
      Duration wait = failure.retryAfter().orElse(backoff(attemptsMade));
      return wait.compareTo(maxRateLimitWait) > 0 ? Optional.empty() : Optional.of(wait);
    }
    if (status >= 500 && status <= 599 && idempotent) {
      Duration wait = failure.retryAfter().orElse(backoff(attemptsMade));
      return Optional.of(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait);
    }
    return Optional.empty();
  }

  private Duration backoff(int attemptsMade) {
    Duration wait = initialBackoff.multipliedBy(1L << Math.min(attemptsMade - 1, 20));
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
