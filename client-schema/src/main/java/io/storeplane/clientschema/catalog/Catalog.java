package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.Dialect;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The tables (and views) of one schema of one database, as {@link CatalogInspector} read them:
 * PostgreSQL's {@code current_schema()} or MySQL's {@code DATABASE()}.
 *
 * @param dialect the dialect of the database it was read from
 * @param schema the schema (PostgreSQL) or database (MySQL) name
 * @param tables the relations, sorted by name
 */
public record Catalog(Dialect dialect, String schema, List<CatalogTable> tables) {

  public Catalog {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(schema, "schema");
    tables = tables.stream().sorted(Comparator.comparing(CatalogTable::name)).toList();
  }

  /** The relation named {@code name} (exact, case-sensitive match), if there is one. */
  public Optional<CatalogTable> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The names of all relations, sorted. */
  public Set<String> tableNames() {
    return tables.stream().map(CatalogTable::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** This catalog without the named relations, e.g. without the schema history table. */
  public Catalog without(Collection<String> names) {
    return new Catalog(
        dialect, schema, tables.stream().filter(t -> !names.contains(t.name())).toList());
  }
}
