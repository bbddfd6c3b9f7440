package io.storeplane.jobs;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A job to queue. Start with {@link #of(String)} and add what applies.
 *
 * @param kind the kind (registered by its module)
 * @param storeId the store it concerns, if any
 * @param exclusiveKey at most one queued or running job holds it (e.g. {@code store:<id>})
 * @param limitKey what the kind's per-key limit counts (e.g. a database server)
 * @param idempotencyKey a request's key: the same key returns the first job
 * @param parameters durable parameters (JSON; never secrets)
 * @param unitsTotal units of work in all, when known (0 otherwise)
 * @param maxAttempts the most tries
 * @param runAfter not before this time (null: now)
 * @param message the first message
 */
public record NewJob(
    String kind,
    Optional<UUID> storeId,
    Optional<String> exclusiveKey,
    Optional<String> limitKey,
    Optional<String> idempotencyKey,
    Map<String, Object> parameters,
    int unitsTotal,
    int maxAttempts,
    Optional<Instant> runAfter,
    String message) {

  public NewJob {
    Objects.requireNonNull(kind, "kind");
    parameters = Map.copyOf(parameters);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("A job gets at least one attempt");
    }
  }

  /** A job of {@code kind} with no store, no keys, no parameters and five attempts. */
  public static NewJob of(String kind) {
    return new NewJob(
        kind,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        0,
        5,
        Optional.empty(),
        "Queued");
  }

  public NewJob store(UUID id) {
    return new NewJob(
        kind,
        Optional.of(id),
        exclusiveKey,
        limitKey,
        idempotencyKey,
        parameters,
        unitsTotal,
        maxAttempts,
        runAfter,
        message);
  }

  public NewJob exclusiveKey(String key) {
    return new NewJob(
        kind,
        storeId,
        Optional.of(key),
        limitKey,
        idempotencyKey,
        parameters,
        unitsTotal,
        maxAttempts,
        runAfter,
        message);
  }

  public NewJob limitKey(String key) {
    return new NewJob(
        kind,
        storeId,
        exclusiveKey,
        Optional.of(key),
        idempotencyKey,
        parameters,
        unitsTotal,
        maxAttempts,
        runAfter,
        message);
  }

  public NewJob idempotencyKey(Optional<String> key) {
    return new NewJob(
        kind,
        storeId,
        exclusiveKey,
        limitKey,
        key,
        parameters,
        unitsTotal,
        maxAttempts,
        runAfter,
        message);
  }

  public NewJob parameter(String name, Object value) {
    Map<String, Object> more = new HashMap<>(parameters);
    more.put(name, value);
    return new NewJob(
        kind,
        storeId,
        exclusiveKey,
        limitKey,
        idempotencyKey,
        more,
        unitsTotal,
        maxAttempts,
        runAfter,
        message);
  }

  public NewJob unitsTotal(int total) {
    return new NewJob(
        kind,
        storeId,
        exclusiveKey,
        limitKey,
        idempotencyKey,
        parameters,
        total,
        maxAttempts,
        runAfter,
        message);
  }

  public NewJob maxAttempts(int attempts) {
    return new NewJob(
        kind,
        storeId,
        exclusiveKey,
        limitKey,
        idempotencyKey,
        parameters,
        unitsTotal,
        attempts,
        runAfter,
        message);
  }

  public NewJob runAfter(Instant when) {
    return new NewJob(
        kind,
        storeId,
        exclusiveKey,
        limitKey,
        idempotencyKey,
        parameters,
        unitsTotal,
        maxAttempts,
        Optional.of(when),
        message);
  }
}
