package io.storeplane.provisioning.supabase;

import java.time.Duration;

/**
 * Waits between retries and polls. Production uses {@link #system()}; tests pass one that records
 * the waits and returns at once, so no test sleeps.
 */
@FunctionalInterface
public interface Sleeper {

  /** Blocks for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep(long, int)}. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
      }
    };
  }
}
