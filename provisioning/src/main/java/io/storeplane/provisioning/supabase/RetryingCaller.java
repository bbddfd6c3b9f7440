package io.storeplane.provisioning.supabase;

import io.storeplane.provisioning.ProvisioningError;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Runs one Supabase call under a {@link CallRetryPolicy}, waiting with a {@link Sleeper}. */
public final class RetryingCaller {

  private static final Logger LOG = Logger.getLogger(RetryingCaller.class);

  private final CallRetryPolicy policy;
  private final Sleeper sleeper;

  /** A caller retrying as {@code policy} says, waiting with {@code sleeper}. */
  public RetryingCaller(CallRetryPolicy policy, Sleeper sleeper) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** The policy in force. */
  public CallRetryPolicy policy() {
    return policy;
  }

  /**
   * Runs {@code attempt} until it succeeds or the policy gives up.
   *
   * @param operation names the call in log lines, e.g. {@code "GET project abcd..."}
   * @param idempotent whether a 5xx may be retried (429 always may)
   * @throws SupabaseException the last failure when the policy gives up
   */
  public <T> T call(String operation, boolean idempotent, Supplier<T> attempt) {
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        return attempt.get();
      } catch (SupabaseException e) {
        Optional<Duration> delay = policy.delayBeforeRetry(attempts, e, idempotent);
        if (delay.isEmpty()) {
          throw attempts > 1 ? e.afterAttempts(attempts) : e;
        }
        LOG.debugf(
            "Supabase %s answered HTTP %d; attempt %d of %d in %s",
            operation, e.httpStatus(), attempts + 1, policy.maxAttempts(), delay.get());
        try {
          sleeper.sleep(delay.get());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw SupabaseException.of(
              ProvisioningError.SUPABASE_UNAVAILABLE,
              "Interrupted while waiting to retry Supabase " + operation,
              e);
        }
      }
    }
  }
}
