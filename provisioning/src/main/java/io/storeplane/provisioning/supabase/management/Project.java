package io.storeplane.provisioning.supabase.management;

import java.util.Optional;

/**
 * A project as {@code POST /v1/projects} and {@code GET /v1/projects/{ref}} describe it.
 *
 * @param ref the project ref (20 lowercase letters); also the id
 * @param name its name
 * @param organizationSlug the organization it belongs to
 * @param region its region code
 * @param status its status, parsed
 * @param rawStatus the status exactly as Supabase sent it (for job step messages)
 * @param createdAt the creation time as Supabase sent it
 * @param databaseHost {@code database.host} when the answer had it (GET only)
 */
public record Project(
    String ref,
    String name,
    String organizationSlug,
    String region,
    ProjectStatus status,
    String rawStatus,
    String createdAt,
    Optional<String> databaseHost) {}
