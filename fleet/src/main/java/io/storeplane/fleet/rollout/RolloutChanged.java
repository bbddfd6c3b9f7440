package io.storeplane.fleet.rollout;

import io.storeplane.bus.Topic;
import java.util.UUID;

/**
 * A rollout changed (a store's state, its phase, its state): announced on the bus in the
 * transaction that changed it, so its event stream reads it again on every instance.
 *
 * @param rolloutId the rollout
 */
public record RolloutChanged(UUID rolloutId) {

  /** The topic. */
  public static final Topic<RolloutChanged> TOPIC =
      Topic.of("rollout.changed", RolloutChanged.class);
}
