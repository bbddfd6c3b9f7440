package io.storeplane.api.fleet;

import io.storeplane.fleet.drift.DriftRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The last schema check of one store.
 *
 * @param storeId the store
 * @param storeSlug its slug
 * @param checkedAt when it was checked
 * @param version the version its history records (null when unreachable)
 * @param state clean, drifted or unreachable
 * @param differences what differed
 * @param ownTables the store's own tables
 * @param errorCode why it could not be checked (a problem code), or null
 * @param errorDetail the failure's detail, or null
 */
@Schema(description = "The last schema check of one store.")
public record DriftReportItem(
    @Schema(required = true, example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90") UUID storeId,
    @Schema(required = true, example = "acme") String storeSlug,
    @Schema(required = true, implementation = String.class, format = "date-time") Instant checkedAt,
    @Schema(
            required = true,
            nullable = true,
            description = "The version its history records; null when unreachable",
            example = "3")
        Integer version,
    @Schema(
            required = true,
            enumeration = {"clean", "drifted", "unreachable"},
            example = "clean")
        String state,
    @Schema(required = true) List<SchemaDifferenceResponse> differences,
    @Schema(required = true) List<String> ownTables,
    @Schema(
            required = true,
            nullable = true,
            description = "Why it could not be checked, as a problem code",
            example = "store-database-unavailable")
        String errorCode,
    @Schema(required = true, nullable = true, description = "The failure's detail")
        String errorDetail) {

  static DriftReportItem of(DriftRecord r) {
    return new DriftReportItem(
        r.storeId(),
        r.storeSlug(),
        r.checkedAt(),
        r.version(),
        r.state().name().toLowerCase(Locale.ROOT),
        r.differences().stream().map(SchemaDifferenceResponse::of).toList(),
        r.ownTables(),
        r.errorCode(),
        r.errorDetail());
  }
}
