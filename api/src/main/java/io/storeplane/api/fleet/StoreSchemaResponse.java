package io.storeplane.api.fleet;

import io.storeplane.fleet.drift.SchemaDrift;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A store's database against the expected schema of its version, read now.
 *
 * @param storeId the store
 * @param checkedAt when its catalog was read
 * @param dialect postgresql or mysql
 * @param version the client schema version its own history records
 * @param state clean or drifted
 * @param differences every difference on the version's tables
 * @param ownTables the store's own tables, which its version does not name (never drift)
 */
@Schema(description = "A store's database against the expected schema of its version.")
public record StoreSchemaResponse(
    @Schema(required = true, example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90") UUID storeId,
    @Schema(required = true, implementation = String.class, format = "date-time") Instant checkedAt,
    @Schema(
            required = true,
            enumeration = {"postgresql", "mysql"},
            example = "postgresql")
        String dialect,
    @Schema(
            required = true,
            description = "The client schema version the store's own history records",
            example = "3")
        int version,
    @Schema(
            required = true,
            enumeration = {"clean", "drifted"},
            example = "drifted")
        String state,
    @Schema(required = true, description = "Every difference on the version's tables")
        List<SchemaDifferenceResponse> differences,
    @Schema(
            required = true,
            description = "Tables of the store's own, which its version does not name (not drift)")
        List<String> ownTables) {

  static StoreSchemaResponse of(SchemaDrift drift) {
    return new StoreSchemaResponse(
        drift.storeId(),
        drift.checkedAt(),
        drift.dialect().name().toLowerCase(Locale.ROOT),
        drift.version(),
        drift.state().name().toLowerCase(Locale.ROOT),
        drift.differences().stream().map(SchemaDifferenceResponse::of).toList(),
        drift.ownTables());
  }
}
