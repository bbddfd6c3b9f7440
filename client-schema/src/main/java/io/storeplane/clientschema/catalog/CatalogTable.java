package io.storeplane.clientschema.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A table (or view) in a database catalog with its columns, keys, indexes and CHECK names.
 *
 * @param name the relation name as stored
 * @param kind table or view-like
 * @param columns the columns in ordinal order
 * @param primaryKey the primary key columns in key order (empty when there is none)
 * @param uniqueKeys the unique constraints and unique indexes other than the primary key
 * @param foreignKeys the foreign keys declared on this table
 * @param indexes the non-unique indexes
 * @param checks the names of the CHECK constraints declared by hand (not the implicit ones an
 *     engine adds, such as MariaDB's json_valid check of a JSON column)
 */
public record CatalogTable(
    String name,
    RelationKind kind,
    List<CatalogColumn> columns,
    List<String> primaryKey,
    List<UniqueKey> uniqueKeys,
    List<ForeignKey> foreignKeys,
    List<CatalogIndex> indexes,
    Set<String> checks) {

  public CatalogTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    uniqueKeys = List.copyOf(uniqueKeys);
    foreignKeys = List.copyOf(foreignKeys);
    indexes = List.copyOf(indexes);
    checks = Set.copyOf(new TreeSet<>(checks));
  }

  /** The column named {@code columnName}, if there is one. */
  public Optional<CatalogColumn> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
