package io.storeplane.provisioning.job;

import io.storeplane.master.store.DatabaseType;
import java.util.Map;
import java.util.UUID;

/**
 * A job a worker holds the lease of, with what the steps need to know.
 *
 * @param id job id
 * @param storeId store id
 * @param storeSlug store slug
 * @param storeName store display name
 * @param databaseType the database option
 * @param attempt this claim's attempt number (1 for the first)
 * @param progress progress so far (never goes down)
 * @param parameters the job's durable parameters (mutable copy)
 */
public record ClaimedJob(
    UUID id,
    UUID storeId,
    String storeSlug,
    String storeName,
    DatabaseType databaseType,
    int attempt,
    int progress,
    Map<String, Object> parameters) {}
