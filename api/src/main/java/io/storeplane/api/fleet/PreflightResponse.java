package io.storeplane.api.fleet;

import io.storeplane.fleet.preflight.DataCheck;
import io.storeplane.fleet.preflight.LockedTable;
import io.storeplane.fleet.preflight.PreflightReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Whether one store's migration to a target version can apply, checked now without changing
 * anything: the per-store entry of a rollout's preflight too.
 *
 * @param storeId the store
 * @param checkedAt when it was checked
 * @param targetVersion the version a migration would reach
 * @param ledgerVersion the store's version in the platform's ledger (0: none recorded)
 * @param version the version the store's own history records; null when its database was not read
 * @param dialect postgresql or mysql; null when not read
 * @param state ready, blocked, unreachable or up-to-date
 * @param error why it could not be checked (unreachable only)
 * @param drift its database against the expected schema of {@code version}; null when not read
 * @param data every rule the versions up to the target bring to existing rows, counted
 * @param lockedTables the tables those versions' migrations lock, with their size
 */
@Schema(description = "Whether one store's migration to a target version can apply.")
public record PreflightResponse(
    @Schema(required = true, example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90") UUID storeId,
    @Schema(required = true, implementation = String.class, format = "date-time") Instant checkedAt,
    @Schema(required = true, example = "4") int targetVersion,
    @Schema(
            required = true,
            description = "The store's version in the platform's ledger (0: none recorded)",
            example = "3")
        int ledgerVersion,
    @Schema(
            required = true,
            nullable = true,
            description = "The version the store's own history records; null when not read",
            example = "3")
        Integer version,
    @Schema(
            required = true,
            nullable = true,
            enumeration = {"postgresql", "mysql"},
            example = "postgresql")
        String dialect,
    @Schema(
            required = true,
            enumeration = {"ready", "blocked", "unreachable", "up-to-date"},
            description =
                "ready: the migration can apply; blocked: drift or data it would reject;"
                    + " unreachable: the store could not be checked (see error); up-to-date: at or"
                    + " after the target, nothing to do (from the ledger, no connection)",
            example = "blocked")
        String state,
    @Schema(required = true, nullable = true, description = "Why the store could not be checked")
        Failure error,
    @Schema(
            required = true,
            nullable = true,
            description =
                "The store against the expected schema of its version; null when not read")
        Drift drift,
    @Schema(
            required = true,
            description =
                "Every rule the versions up to the target bring to existing rows, counted")
        List<Data> data,
    @Schema(
            required = true,
            description = "The tables the migrations lock (alter, write, index, reference), sized")
        List<Locked> lockedTables) {

  /**
   * Why a store could not be checked. Its schema is nullable because {@code error} is (OpenAPI
   * 3.0.3 lets no property make a referenced schema nullable).
   */
  @Schema(
      name = "PreflightFailure",
      nullable = true,
      description = "Why a store could not be checked (null as `error` unless unreachable).")
  public record Failure(
      @Schema(required = true, example = "store-database-unavailable") String code,
      @Schema(required = true, example = "The database of store acme cannot be reached.")
          String message) {}

  /** The store's drift from its version's expected schema; nullable as {@link Failure} is. */
  @Schema(
      name = "PreflightDrift",
      nullable = true,
      description = "The store's drift from its version's schema (null as `drift` when not read).")
  public record Drift(
      @Schema(
              required = true,
              enumeration = {"clean", "drifted"},
              example = "clean")
          String state,
      @Schema(required = true) List<SchemaDifferenceResponse> differences,
      @Schema(required = true, description = "The store's own tables (never drift)")
          List<String> ownTables) {}

  /** One rule a version brings to existing rows, and the rows it would reject. */
  @Schema(name = "PreflightDataCheck", description = "Rows a version's migration would reject.")
  public record Data(
      @Schema(required = true, example = "4") int version,
      @Schema(
              required = true,
              enumeration = {"not-null", "unique"},
              example = "not-null")
          String rule,
      @Schema(required = true, example = "order_items") String table,
      @Schema(required = true, example = "[\"sku\"]") List<String> columns,
      @Schema(
              required = true,
              nullable = true,
              description = "The unique or primary key, for unique")
          String constraint,
      @Schema(
              required = true,
              nullable = true,
              description = "Where the migration fills NULLs from before NOT NULL arrives",
              example = "product_variants.sku via fk_order_items_variant")
          String fill,
      @Schema(
              required = true,
              description =
                  "Rows the migration would reject: NULLs it cannot fill, or rows sharing a key"
                      + " (0: none)",
              example = "2")
          long rows) {

    static Data of(DataCheck c) {
      return new Data(
          c.version(),
          c.rule(),
          c.table(),
          c.columns(),
          c.constraint().orElse(null),
          c.fill().orElse(null),
          c.rows());
    }
  }

  /** A table the migrations lock, and its size. */
  @Schema(name = "PreflightLockedTable", description = "A table the migrations lock, and its size.")
  public record Locked(
      @Schema(required = true, example = "order_items") String table,
      @Schema(required = true, example = "[4]") List<Integer> versions,
      @Schema(
              required = true,
              nullable = true,
              description = "The database's estimate of its rows; null when it has none",
              example = "120000")
          Long rowsEstimate,
      @Schema(required = true, description = "Its size with indexes", example = "25165824")
          long bytes) {

    static Locked of(LockedTable t) {
      return new Locked(
          t.table(),
          t.versions(),
          t.rowsEstimate().isPresent() ? t.rowsEstimate().getAsLong() : null,
          t.bytes());
    }
  }

  /** The response for {@code report}. */
  public static PreflightResponse of(PreflightReport report) {
    return new PreflightResponse(
        report.storeId(),
        report.checkedAt(),
        report.targetVersion(),
        report.ledgerVersion(),
        report.version().orElse(null),
        report.dialect().map(d -> d.name().toLowerCase(Locale.ROOT)).orElse(null),
        report.state().wireName(),
        report.error().map(e -> new Failure(e.code(), e.message())).orElse(null),
        report
            .drift()
            .map(
                d ->
                    new Drift(
                        d.state().name().toLowerCase(Locale.ROOT),
                        d.differences().stream().map(SchemaDifferenceResponse::of).toList(),
                        d.ownTables()))
            .orElse(null),
        report.data().stream().map(Data::of).toList(),
        report.lockedTables().stream().map(Locked::of).toList());
  }
}
