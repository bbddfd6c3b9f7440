package io.storeplane.fleet.preflight;

import io.storeplane.clientschema.manifest.Arrival;
import java.util.List;
import java.util.Optional;

/**
 * One rule a version brings to the store's existing rows, counted in its database.
 *
 * @param version the version that brings it
 * @param rule {@code not-null} or {@code unique}
 * @param table the table it arrives on
 * @param columns its columns
 * @param constraint the unique or primary key's name, for {@code unique}
 * @param fill how the migration fills NULLs first ({@code product_variants.sku via
 *     fk_order_items_variant}), for a filled NOT NULL
 * @param rows the rows the migration would reject: NULLs it cannot fill, or rows sharing a key with
 *     another (0: none)
 */
public record DataCheck(
    int version,
    String rule,
    String table,
    List<String> columns,
    Optional<String> constraint,
    Optional<String> fill,
    long rows) {

  public DataCheck {
    columns = List.copyOf(columns);
  }

  static DataCheck of(int version, Arrival arrival, long rows) {
    return new DataCheck(
        version,
        arrival.kind() == Arrival.Kind.NOT_NULL ? "not-null" : "unique",
        arrival.table(),
        arrival.columns(),
        arrival.constraint(),
        arrival.fill().map(f -> f.referencedTable() + "." + f.column() + " via " + f.foreignKey()),
        rows);
  }

  /** Whether the migration would reject rows. */
  public boolean rejects() {
    return rows > 0;
  }
}
