package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * What a provider knows about the job it works for. {@link #parameters()} is the job's durable
 * state (no secrets): what a provider decides (server, database name) or creates (flags used by
 * clean-up) goes there, and the engine saves it after every step, so a job resumed by another
 * worker continues with the same decisions. What must survive a crash in the middle of a step (that
 * the job is about to create a database, say) is {@link #remember remembered}: saved in the master
 * at once, before the provider acts.
 *
 * @param jobId the job
 * @param storeId the store
 * @param storeSlug the store's slug
 * @param storeName the store's display name
 * @param databaseType the database option
 * @param parameters the job's parameters, mutable
 * @param saveParameters saves {@code parameters} in the job's row now (checking the lease)
 */
public record ProvisioningContext(
    UUID jobId,
    UUID storeId,
    String storeSlug,
    String storeName,
    DatabaseType databaseType,
    Map<String, Object> parameters,
    Runnable saveParameters) {

  public ProvisioningContext {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(saveParameters, "saveParameters");
  }

  /** A text parameter. */
  public Optional<String> text(String key) {
    Object value = parameters.get(key);
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }

  /** A boolean parameter, false when absent. */
  public boolean flag(String key) {
    return Boolean.TRUE.equals(parameters.get(key)) || "true".equals(parameters.get(key));
  }

  /** A whole-number parameter; empty when absent or not a number. */
  public OptionalInt number(String key) {
    return parameters.get(key) instanceof Number number
        ? OptionalInt.of(number.intValue())
        : OptionalInt.empty();
  }

  /** Sets a parameter. */
  public void put(String key, Object value) {
    parameters.put(key, value);
  }

  /**
   * Sets a parameter and saves the parameters in the master before returning, so a takeover or a
   * clean-up after a crash sees it even if the step never ends.
   */
  public void remember(String key, Object value) {
    parameters.put(key, value);
    saveParameters.run();
  }
}
