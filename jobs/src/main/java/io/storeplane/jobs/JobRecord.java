package io.storeplane.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A job as the master database holds it: the one status model every kind shares. Parameters hold no
 * secrets.
 *
 * @param id id
 * @param kind kind
 * @param storeId the store it concerns, if any
 * @param status where it stands
 * @param currentStep the step running or last run
 * @param progress 0-100, never going down
 * @param message what is happening, or how it ended
 * @param unitsDone units of work done (tables created, stores rolled out)
 * @param unitsTotal units of work in all (0: not counted)
 * @param attempt how many times a worker has taken it
 * @param failures how many times it has failed
 * @param maxAttempts the most tries it gets
 * @param runAfter not before this time
 * @param leaseOwner the worker holding it, while running
 * @param leaseExpiresAt until when, unless renewed
 * @param cancelRequested whether someone asked to cancel it
 * @param idempotencyKey the key that started it, if any
 * @param exclusiveKey at most one active job holds it
 * @param limitKey what per-key limits count (a database server)
 * @param scheduleName the recurring schedule that made it, if any
 * @param periodStart the period it runs for, with its schedule
 * @param parameters durable parameters
 * @param errorCode why it failed (or why the last try failed while a retry waits)
 * @param errorMessage the same, in words
 * @param createdAt created
 * @param startedAt first taken by a worker
 * @param finishedAt ended
 * @param updatedAt last changed
 */
public record JobRecord(
    UUID id,
    String kind,
    Optional<UUID> storeId,
    JobStatus status,
    String currentStep,
    int progress,
    String message,
    int unitsDone,
    int unitsTotal,
    int attempt,
    int failures,
    int maxAttempts,
    Instant runAfter,
    String leaseOwner,
    Instant leaseExpiresAt,
    boolean cancelRequested,
    String idempotencyKey,
    String exclusiveKey,
    String limitKey,
    String scheduleName,
    Instant periodStart,
    Map<String, Object> parameters,
    String errorCode,
    String errorMessage,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt) {}
