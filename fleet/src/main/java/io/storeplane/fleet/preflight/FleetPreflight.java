package io.storeplane.fleet.preflight;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The preflight of several stores for one target version.
 *
 * @param targetVersion the version a rollout would reach
 * @param checkedAt when the check began
 * @param stores one report per store, in the order asked
 */
public record FleetPreflight(int targetVersion, Instant checkedAt, List<PreflightReport> stores) {

  public FleetPreflight {
    stores = List.copyOf(stores);
  }

  /** How many stores ended in each state (every state present, 0 when none). */
  public Map<PreflightState, Integer> counts() {
    Map<PreflightState, Integer> counts = new EnumMap<>(PreflightState.class);
    for (PreflightState state : PreflightState.values()) {
      counts.put(state, 0);
    }
    stores.forEach(r -> counts.merge(r.state(), 1, Integer::sum));
    return counts;
  }

  /**
   * Whether every store can be migrated or has nothing to do: the clean preflight a rollout needs.
   */
  public boolean clean() {
    return stores.stream()
        .allMatch(r -> r.state() == PreflightState.READY || r.state() == PreflightState.UP_TO_DATE);
  }
}
