package io.storeplane.api.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.master.schema.StoreSchemaVersion;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One row of a store's schema-version ledger as the API shows it.
 *
 * @param version the client schema version
 * @param state pending, running, applied, failed or skipped
 * @param path how it came to the store's database
 * @param attempts attempts to apply it
 * @param startedAt the last attempt's start, when known
 * @param finishedAt the last attempt's end, when known
 * @param durationMs the last attempt's duration, when known
 * @param checksum Flyway's checksum of the version's script in the store's dialect
 * @param error the last attempt's failure, while the version is failed
 * @param rolloutId the rollout that applied it, when one did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
    name = "SchemaVersion",
    description =
        "One client schema version of one store: where it stands, how it came, its attempts and"
            + " timing. Fields without a value are left out.")
public record SchemaVersionResponse(
    @Schema(required = true, description = "The client schema version", example = "4") int version,
    @Schema(
            required = true,
            description =
                "`applied`: in the database; `failed`: the last attempt failed (see `error`);"
                    + " `running`: being applied; `pending`: queued by a migration run;"
                    + " `skipped`: a run stopped before it because an earlier version failed",
            enumeration = {"pending", "running", "applied", "failed", "skipped"},
            example = "applied")
        String state,
    @Schema(
            required = true,
            description = "How the version reached the store's database",
            enumeration = {"flyway", "template", "warm-pool", "adopted", "supabase", "migration"},
            example = "migration")
        String path,
    @Schema(required = true, description = "Attempts to apply it", example = "1") int attempts,
    @Schema(description = "The last attempt's start, when known") Instant startedAt,
    @Schema(description = "The last attempt's end, when known") Instant finishedAt,
    @Schema(description = "The last attempt's duration in milliseconds", example = "412")
        Long durationMs,
    @Schema(
            description = "Flyway's checksum of the version's script in the store's dialect",
            example = "-1493056213")
        Integer checksum,
    @Schema(description = "Why the last attempt failed, while the version is failed")
        VersionError error,
    @Schema(description = "The rollout that applied it, when one did") UUID rolloutId) {

  /** A failed attempt's stable code and the store database's message (never a secret). */
  @Schema(name = "SchemaVersionError", description = "A failed attempt's code and message")
  public record VersionError(
      @Schema(
              required = true,
              description = "Stable code, e.g. `migration-failed` or `schema-lock-timeout`",
              example = "schema-lock-timeout")
          String code,
      @Schema(required = true, description = "What the store's database said") String message) {}

  static SchemaVersionResponse of(StoreSchemaVersion row) {
    return new SchemaVersionResponse(
        row.version,
        row.state.name().toLowerCase(Locale.ROOT),
        row.path.wireName(),
        row.attempts,
        row.startedAt,
        row.finishedAt,
        row.durationMs,
        row.checksum,
        row.errorCode == null
            ? null
            : new VersionError(row.errorCode, row.errorMessage == null ? "" : row.errorMessage),
        row.rolloutId);
  }
}
