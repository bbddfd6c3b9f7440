package io.storeplane.billing.metering;

import java.util.Optional;

/**
 * What one {@link UsageFlusher#flush()} did.
 *
 * @param batches transactions committed (0, 1, or 2 when a failed batch was retried first)
 * @param storeDays store-day rows those batches added to
 * @param failure why the flush stopped, when it did: its batch is kept and retried first next time
 */
public record FlushResult(int batches, int storeDays, Optional<Exception> failure) {

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
