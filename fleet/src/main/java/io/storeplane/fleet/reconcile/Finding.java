package io.storeplane.fleet.reconcile;

import java.time.Instant;
import java.util.UUID;

/**
 * One difference between a managed server and the registry.
 *
 * @param serverId the server
 * @param kind what was found
 * @param name the database's (or login's) name
 * @param storeId the store the registry names for it, or null (orphans)
 * @param expected what the registry expects (the owner login), or null
 * @param actual what the server has (the owner login), or null
 * @param firstSeenAt when a run first found it
 * @param lastSeenAt when a run last found it
 */
public record Finding(
    UUID serverId,
    FindingKind kind,
    String name,
    UUID storeId,
    String expected,
    String actual,
    Instant firstSeenAt,
    Instant lastSeenAt) {}
