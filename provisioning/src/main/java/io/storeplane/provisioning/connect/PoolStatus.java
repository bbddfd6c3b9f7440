package io.storeplane.provisioning.connect;

import java.time.Instant;
import java.util.Locale;

/**
 * One open store pool at one moment.
 *
 * @param name {@code store-<slug>}
 * @param state open, or draining (replaced after a config change, closing once its last connection
 *     returns)
 * @param configVersion the config version the pool was built from
 * @param maxSize its maximum size, reserved against the global budget while it is open
 * @param active connections lent out
 * @param idle connections open and waiting in the pool
 * @param waiting threads waiting for a connection of this pool
 * @param leases callers holding the pool (about to borrow, or holding a connection)
 * @param createdAt when the pool was opened
 * @param lastUsedAt when a caller last took it; idle eviction and LRU closing go by this
 */
public record PoolStatus(
    String name,
    State state,
    int configVersion,
    int maxSize,
    int active,
    int idle,
    int waiting,
    int leases,
    Instant createdAt,
    Instant lastUsedAt) {

  /** Open pools serve new calls; draining ones only finish the calls they have. */
  public enum State {
    OPEN,
    DRAINING;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
