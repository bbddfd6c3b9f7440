package io.storeplane.api.fleet;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A store's schema-version ledger.
 *
 * @param storeId the store
 * @param currentVersion the newest applied version (0: the ledger knows none yet)
 * @param latestVersion the newest client schema version this build has
 * @param versions every version the ledger holds for the store, oldest first
 */
@Schema(
    name = "SchemaVersions",
    description =
        "A store's client schema version as the platform knows it, without opening the store's"
            + " database, and the ledger's row of every version.")
public record SchemaVersionsResponse(
    @Schema(required = true, description = "The store id") UUID storeId,
    @Schema(
            required = true,
            description =
                "The store's newest applied version; 0 when the ledger knows none yet (a store"
                    + " provisioned before the ledger, learned on its first migration)",
            example = "4")
        int currentVersion,
    @Schema(
            required = true,
            description = "The newest client schema version this build has",
            example = "4")
        int latestVersion,
    @Schema(
            required = true,
            description = "Every version the ledger holds for the store, oldest first",
            type = SchemaType.ARRAY,
            implementation = SchemaVersionResponse.class)
        List<SchemaVersionResponse> versions) {}
