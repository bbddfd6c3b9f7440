package io.storeplane.fleet.rollout;

import java.util.List;
import java.util.UUID;

/**
 * Which stores a rollout (or a preflight) concerns: stores with an active database that match every
 * list given (an empty list matches all), less the excluded ones.
 *
 * @param plans plan codes ({@code starter}, ...)
 * @param engines database types as the API names them ({@code managed-postgresql}, {@code mysql},
 *     {@code supabase}, ...)
 * @param servers managed database server ids
 * @param storeIds only these stores
 * @param excludedStoreIds never these stores
 */
public record StoreSelection(
    List<String> plans,
    List<String> engines,
    List<UUID> servers,
    List<UUID> storeIds,
    List<UUID> excludedStoreIds) {

  public StoreSelection {
    plans = plans == null ? List.of() : List.copyOf(plans);
    engines = engines == null ? List.of() : List.copyOf(engines);
    servers = servers == null ? List.of() : List.copyOf(servers);
    storeIds = storeIds == null ? List.of() : List.copyOf(storeIds);
    excludedStoreIds = excludedStoreIds == null ? List.of() : List.copyOf(excludedStoreIds);
  }

  /** Every store with an active database. */
  public static StoreSelection all() {
    return new StoreSelection(null, null, null, null, null);
  }
}
