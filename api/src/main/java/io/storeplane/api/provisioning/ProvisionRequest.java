package io.storeplane.api.provisioning;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/provision}.
 *
 * @param storeId the store
 * @param databaseType managed-postgresql, managed-mysql, postgresql, mysql or supabase
 * @param config for an existing database, how to reach it: the same object as a create-store
 *     request's {@code database} (its {@code type} must equal {@code databaseType}); may be left
 *     out when the store already has saved connection details
 */
@Schema(description = "A request to provision a store's database.")
public record ProvisionRequest(
    @Schema(description = "The store's id", example = "3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c")
        @NotNull
        String storeId,
    @Schema(
            description = "How the store gets its database",
            enumeration = {
              "managed-postgresql",
              "managed-mysql",
              "postgresql",
              "mysql",
              "supabase"
            },
            example = "managed-postgresql")
        @NotBlank
        String databaseType,
    @Schema(
            description =
                "For an existing database or a Supabase project, how to reach it (its `type` must"
                    + " equal `databaseType`); replaces the saved connection. Left out: the saved"
                    + " one is used. A managed database takes none.")
        @Valid
        DatabaseOption config) {}
