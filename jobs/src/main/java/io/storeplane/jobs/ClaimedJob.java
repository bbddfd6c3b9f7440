package io.storeplane.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A job a worker holds the lease of.
 *
 * @param id job id
 * @param kind its kind
 * @param storeId the store it concerns, if any
 * @param attempt this claim's attempt number (1 for the first)
 * @param failures how many times it has failed so far
 * @param progress progress so far (never goes down)
 * @param parameters the job's durable parameters (a mutable copy: steps may add to it)
 * @param takeover whether this claim took the job over from a worker whose lease expired
 * @param due when it became runnable (queued, retry due, or lease expired)
 */
public record ClaimedJob(
    UUID id,
    String kind,
    Optional<UUID> storeId,
    int attempt,
    int failures,
    int progress,
    Map<String, Object> parameters,
    boolean takeover,
    java.time.Instant due) {}
