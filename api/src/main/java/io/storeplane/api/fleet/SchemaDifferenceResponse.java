package io.storeplane.api.fleet;

import io.storeplane.fleet.drift.SchemaDifference;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One difference between a store's database and its version's expected schema.
 *
 * @param object what differs
 * @param table the table concerned
 * @param name the object's name
 * @param change missing, extra or different
 * @param expected what the version expects ({@code absent} for an extra object)
 * @param actual what the database has ({@code absent} for a missing object)
 * @param repairable whether a repair may create it (a missing index or table)
 */
@Schema(description = "One difference between a store's database and its version's schema.")
public record SchemaDifferenceResponse(
    @Schema(
            required = true,
            enumeration = {
              "table",
              "column",
              "primary key",
              "unique key",
              "foreign key",
              "check",
              "index"
            },
            example = "index")
        String object,
    @Schema(required = true, example = "products") String table,
    @Schema(required = true, example = "ix_products_status_published") String name,
    @Schema(
            required = true,
            enumeration = {"missing", "extra", "different"},
            example = "missing")
        String change,
    @Schema(
            required = true,
            description = "What the version expects; `absent` for an extra object",
            example = "(status, published_at)")
        String expected,
    @Schema(
            required = true,
            description = "What the database has; `absent` for a missing object",
            example = "absent")
        String actual,
    @Schema(
            required = true,
            description = "Whether a repair may create it: a missing index or table")
        boolean repairable) {

  static SchemaDifferenceResponse of(SchemaDifference d) {
    return new SchemaDifferenceResponse(
        d.object(),
        d.table(),
        d.name(),
        d.change().name().toLowerCase(Locale.ROOT),
        d.expected(),
        d.actual(),
        d.additive());
  }
}
