package io.storeplane.api.connect;

import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.error.FieldFailure;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where the store data API decides what a write may set, before the table API (which
 * checks tables, columns and values the same on every backend) sees it. Two things are never a
 * caller's to write, because the usage a store is counted and held to is read from them:
 *
 * <ul>
 *   <li>tables the store schema writes itself, by trigger ({@code product_deletions}, client schema
 *       V3): read through this API, never inserted into (they have no {@code id}, so no row of them
 *       can be addressed for an update or delete either);
 *   <li>the row's times, {@code created_at} and {@code updated_at}, on every table that has them:
 *       the database sets both on insert (their {@code DEFAULT}, on both dialects), {@code
 *       created_at} never changes afterwards, and this class stamps {@code updated_at} on every
 *       update (the schema has no trigger for it). An order dated into last month would escape this
 *       month's orders limit and its rollup day; a body that names either column is refused with
 *       {@code invalid-data-request} naming it, never silently overwritten.
 * </ul>
 *
 * <p>The ConnectionManager's table API itself (the in-process library) is not held to this: code of
 * the platform, and tests that lay out a store's history, write what they mean to.
 */
@ApplicationScoped
class StoreDataWrites {

  /** Tables the store schema writes itself, as a record the usage rollup counts from. */
  private static final Set<String> RECORDED_BY_SCHEMA = Set.of("product_deletions");

  /** Columns the database (and, for an update's {@code updated_at}, this class) sets. */
  static final List<String> SET_BY_STORE = List.of("created_at", "updated_at");

  private static final String UPDATED_AT = "updated_at";

  private final Clock clock;

  StoreDataWrites(Clock clock) {
    this.clock = clock;
  }

  /** Refuses an insert into a table the schema writes, or a body that sets a row's times. */
  void checkInsert(String table, Map<String, Object> values) {
    if (RECORDED_BY_SCHEMA.contains(table)) {
      throw new ProvisioningException(
          ProvisioningError.INVALID_DATA_REQUEST,
          "Invalid request: table %s is written by the store schema itself (the record the usage"
                  .formatted(table)
              + " rollup counts deleted products from); it can be read, not written.");
    }
    refuseTimes(table, values);
  }

  /**
   * The values an update writes: the caller's, checked as for an insert, plus {@code updated_at} at
   * the current time (to the microsecond, what both dialects keep) when the table has it.
   */
  Map<String, Object> forUpdate(String table, Map<String, Object> values) {
    refuseTimes(table, values);
    Optional<TableSpec> spec = spec(table);
    if (values.isEmpty() || spec.flatMap(t -> t.column(UPDATED_AT)).isEmpty()) {
      return values; // the table API answers an empty body or an unknown table
    }
    Map<String, Object> stamped = new LinkedHashMap<>(values);
    stamped.put(UPDATED_AT, clock.instant().truncatedTo(ChronoUnit.MICROS));
    return stamped;
  }

  private static void refuseTimes(String table, Map<String, Object> values) {
    Optional<TableSpec> spec = spec(table);
    if (spec.isEmpty()) {
      return; // unknown-table, from the table API, in its order
    }
    List<String> named =
        SET_BY_STORE.stream()
            .filter(values::containsKey)
            .filter(column -> spec.get().column(column).isPresent())
            .toList();
    if (named.isEmpty()) {
      return;
    }
    boolean one = named.size() == 1;
    String detail =
        "Invalid request: %s %s set by the store's database (created_at when the row is created,"
                .formatted(String.join(", ", named), one ? "is" : "are")
            + " updated_at at every change), never by a request; leave %s out of the body."
                .formatted(one ? "it" : "them");
    throw new ProvisioningException(
        ProvisioningError.INVALID_DATA_REQUEST,
        detail + " (table " + table + ")",
        detail,
        named.stream()
            .map(column -> new FieldFailure(column, "is set by the store's database"))
            .toList(),
        null);
  }

  private static Optional<TableSpec> spec(String table) {
    return ClientSchema.manifest().table(table);
  }
}
