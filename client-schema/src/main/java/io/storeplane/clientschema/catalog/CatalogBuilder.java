package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects catalog rows table by table; rows for relations it was not told about are ignored. */
final class CatalogBuilder {

  private final Map<String, TableParts> tables = new TreeMap<>();

  void relation(String table, RelationKind kind) {
    tables.put(table, new TableParts(kind));
  }

  void column(String table, CatalogColumn column) {
    parts(table).columns.add(column);
  }

  void primaryKey(String table, List<String> columns) {
    TableParts parts = parts(table);
    parts.primaryKey.clear();
    parts.primaryKey.addAll(columns);
  }

  void uniqueKey(String table, UniqueKey key) {
    parts(table).uniqueKeys.add(key);
  }

  void foreignKey(String table, ForeignKey key) {
    parts(table).foreignKeys.add(key);
  }

  void index(String table, CatalogIndex index) {
    parts(table).indexes.add(index);
  }

  void check(String table, String name) {
    parts(table).checks.add(name);
  }

  Catalog build(Dialect dialect, String schema) {
    List<CatalogTable> built = new ArrayList<>();
    tables.forEach(
        (name, p) ->
            built.add(
                new CatalogTable(
                    name,
                    p.kind,
                    p.columns,
                    p.primaryKey,
                    p.uniqueKeys,
                    p.foreignKeys,
                    p.indexes,
                    p.checks)));
    return new Catalog(dialect, schema, built);
  }

  private TableParts parts(String table) {
    // Rows about relations outside the listing (e.g. created meanwhile) go to a throwaway holder.
    return tables.getOrDefault(table, new TableParts(RelationKind.TABLE));
  }

  private static final class TableParts {
    final RelationKind kind;
    final List<CatalogColumn> columns = new ArrayList<>();
    final List<String> primaryKey = new ArrayList<>();
    final List<UniqueKey> uniqueKeys = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    final List<CatalogIndex> indexes = new ArrayList<>();
    final Set<String> checks = new TreeSet<>();

    TableParts(RelationKind kind) {
      this.kind = kind;
    }
  }
}
