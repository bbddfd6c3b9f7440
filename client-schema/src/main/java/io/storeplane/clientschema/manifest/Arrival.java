package io.storeplane.clientschema.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule a version brings to rows that exist before it, as its manifest declares it ({@code arrives
 * ...}): the data its migration would reject, so a preflight can count it before anything runs.
 * Declared rather than guessed from the SQL, because only the migration's author knows what it
 * fills in (a default, a back-fill from another table); {@code ArrivalsTest} proves every NOT NULL
 * and unique key that reaches an existing table between two versions is declared.
 *
 * @param kind what arrives
 * @param table the table it arrives on
 * @param columns the columns it is about (one for NOT NULL, the key's for UNIQUE)
 * @param constraint the unique or primary key's name, for UNIQUE; empty otherwise
 * @param fill how the migration fills NULLs before NOT NULL arrives; empty when it does not
 * @param defaulted a NOT NULL column that arrives with a default: existing rows take it, nothing to
 *     check
 */
public record Arrival(
    Kind kind,
    String table,
    List<String> columns,
    Optional<String> constraint,
    Optional<Fill> fill,
    boolean defaulted) {

  /** What a version brings to existing rows. */
  public enum Kind {
    /** A column becomes (or arrives) NOT NULL: rows holding NULL there are rejected. */
    NOT_NULL,
    /** A unique or primary key arrives: rows sharing its key are rejected. */
    UNIQUE
  }

  /**
   * NULLs the migration fills from the row a foreign key references before NOT NULL arrives.
   *
   * @param foreignKey the foreign key of {@link #table} (one column) that names the row
   * @param column the referenced table's column the value comes from
   * @param referencedTable the table the foreign key references
   * @param localColumn the foreign key's column in {@link #table}
   * @param referencedKey the referenced table's primary key column
   */
  public record Fill(
      String foreignKey,
      String column,
      String referencedTable,
      String localColumn,
      String referencedKey) {

    public Fill {
      Objects.requireNonNull(foreignKey, "foreignKey");
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(referencedTable, "referencedTable");
      Objects.requireNonNull(localColumn, "localColumn");
      Objects.requireNonNull(referencedKey, "referencedKey");
    }
  }

  public Arrival {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(table, "table");
    columns = List.copyOf(columns);
    Objects.requireNonNull(constraint, "constraint");
    Objects.requireNonNull(fill, "fill");
  }

  /** Whether rows already there can break it (not a column that arrives with a default). */
  public boolean checksData() {
    return !defaulted;
  }

  /** How the manifest names it: {@code not-null order_items.sku}, {@code unique uq_x}. */
  public String label() {
    return kind == Kind.NOT_NULL
        ? "not-null " + table + "." + columns.get(0)
        : "unique " + constraint.orElseThrow();
  }
}
