package io.storeplane.provisioning.provider;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.schema.SchemaPath;
import io.storeplane.master.schema.SchemaReached;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.store.DatabaseType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

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
 * @param leaveMaster what {@link #beforeReachingServer} runs: the engine's {@code
 *     JobContext.beforeLeavingMaster}
 * @param memory what this run read from the master or made, kept for its later steps (the server it
 *     is placed on, the login create-database saved); never saved, so a run taken over or run again
 *     reads it afresh. Mutable.
 */
public record ProvisioningContext(
    UUID jobId,
    UUID storeId,
    String storeSlug,
    String storeName,
    DatabaseType databaseType,
    Map<String, Object> parameters,
    Runnable saveParameters,
    Runnable leaveMaster,
    Map<String, Object> memory) {

  /**
   * The parameter apply-schema records: the version the store's database was at before it applied
   * anything (a clone's version for a cloned database).
   */
  static final String SCHEMA_FOUND_AT = "schemaFoundAt";

  public ProvisioningContext {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(saveParameters, "saveParameters");
    Objects.requireNonNull(leaveMaster, "leaveMaster");
    Objects.requireNonNull(memory, "memory");
  }

  /** What this run keeps under {@code key}, read by {@code read} the first time it is asked for. */
  public <T> T kept(String key, Class<T> type, Supplier<T> read) {
    Object value = memory.get(key);
    if (value == null) {
      value = read.get();
      memory.put(key, value);
    }
    return type.cast(value);
  }

  /** What this run keeps under {@code key}, if it keeps anything. */
  public <T> Optional<T> kept(String key, Class<T> type) {
    return Optional.ofNullable(memory.get(key)).map(type::cast);
  }

  /** Keeps {@code value} under {@code key} for the rest of this run. */
  public void keep(String key, Object value) {
    memory.put(key, Objects.requireNonNull(value, "value"));
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

  /**
   * apply-schema found the database at {@code version}, before applying anything. The first run's
   * finding is kept: a run again after a takeover finds the version the dead attempt reached.
   */
  public void foundSchemaAt(int version) {
    parameters.putIfAbsent(SCHEMA_FOUND_AT, version);
  }

  /**
   * What save-connection tells the schema-version ledger: the database is at {@code version}; the
   * versions apply-schema found there came by {@code foundBy}, the others by {@code appliedBy}
   * (checksums of the store's dialect).
   */
  public SchemaReached schemaReached(int version, SchemaPath foundBy, SchemaPath appliedBy) {
    int foundAt = Math.min(number(SCHEMA_FOUND_AT).orElse(version), version);
    Dialect dialect =
        databaseType.engine() == DatabaseEngine.MYSQL ? Dialect.MYSQL : Dialect.POSTGRESQL;
    return new SchemaReached(
        foundAt, foundBy, version, appliedBy, v -> ClientSchema.checksum(dialect, v));
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

  /**
   * Call before reaching a database server or a provider's API. In a step recorded after it runs
   * (docs/jobs.md, "Steps recorded after they run") it commits what the step wrote in the master so
   * far, with the parameters, and the rest of the step writes as a recorded step does, so no master
   * transaction (nor a lock it holds) waits on the server; in any other step it does nothing. A
   * provider calls it without knowing how its step is recorded.
   */
  public void beforeReachingServer() {
    leaveMaster.run();
  }
}
