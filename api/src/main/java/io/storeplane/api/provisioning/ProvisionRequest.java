package io.storeplane.api.provisioning;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/v1/provision}.
 *
 * @param storeId the store
 * @param databaseType managed-postgresql, managed-mysql, postgresql, mysql or supabase
 * @param config for an existing database, how to reach it: the same object as a create-store
 *     request's {@code database} (its {@code type} must equal {@code databaseType}); may be left
 *     out when the store already has saved connection details
 */
public record ProvisionRequest(
    @NotNull String storeId, @NotBlank String databaseType, @Valid DatabaseOption config) {}
