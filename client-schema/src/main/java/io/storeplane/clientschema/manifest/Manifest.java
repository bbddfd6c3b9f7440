package io.storeplane.clientschema.manifest;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogColumn;
import io.storeplane.clientschema.catalog.CatalogTable;
import io.storeplane.clientschema.catalog.RelationKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tables (and their columns) a store database needs at one schema version: the single source of
 * "what the schema is" for progress reports ("tables created N of M") and for clash detection in a
 * customer's existing database. Tests prove it equals the migrated catalog of both dialects at
 * every version.
 *
 * @param version the schema version it describes
 * @param tables the tables, in the order the migrations create them
 * @param arrivals the rules this version brings to rows that exist before it ({@code arrives}
 *     lines): what its migration would reject, for a preflight to count first
 */
public record Manifest(int version, List<TableSpec> tables, List<Arrival> arrivals) {

  public Manifest {
    tables = List.copyOf(tables);
    arrivals = List.copyOf(arrivals);
  }

  /** A manifest that brings no rule to existing rows. */
  public Manifest(int version, List<TableSpec> tables) {
    this(version, tables, List.of());
  }

  /**
   * Parses the text form: a {@code version N} line, then per table a {@code table NAME} line
   * followed by one {@code NAME KIND NULL|NOT NULL} line per column and then one line per named
   * constraint: {@code primary|unique|check NAME COLUMN[,COLUMN...]} or {@code foreign NAME
   * COLUMN[,COLUMN...] TABLE}; and any number of {@code arrives} lines ({@link Arrival}): {@code
   * arrives not-null TABLE.COLUMN [default | fill COLUMN via FOREIGN_KEY]} or {@code arrives unique
   * CONSTRAINT}; {@code #} starts a comment.
   *
   * @param source where the text comes from, for error messages
   * @throws io.storeplane.clientschema.ClientSchemaException {@code MANIFEST_INVALID} when the text
   *     is malformed
   */
  public static Manifest parse(String source, String text) {
    return ManifestParser.parse(source, text);
  }

  /** How many tables the schema needs: the M of "tables created N of M". */
  public int totalTables() {
    return tables.size();
  }

  /** The table named {@code name}, if the schema has it. */
  public Optional<TableSpec> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The constraint named {@code name} (as both dialects name it), if the schema declares one; a
   * primary key is found by its PostgreSQL name ({@code pk_<table>}).
   */
  public Optional<ConstraintSpec> constraint(String name) {
    return tables.stream()
        .flatMap(t -> t.constraints().stream())
        .filter(c -> c.name().equals(name))
        .findFirst();
  }

  /** The names of the tables the schema needs, in manifest order. */
  public List<String> tableNames() {
    return tables.stream().map(TableSpec::name).toList();
  }

  /** The needed tables that {@code catalog} has as tables: the N of "tables created N of M". */
  public List<String> presentIn(Catalog catalog) {
    return tables.stream()
        .map(TableSpec::name)
        .filter(name -> catalog.table(name).map(t -> t.kind() == RelationKind.TABLE).orElse(false))
        .toList();
  }

  /**
   * The relations in {@code catalog} that have the name of a needed table but not its shape:
   * another column set, another kind or nullability of a column, or not a table at all. A table
   * with exactly the needed columns is not a clash, and tables the schema does not name are
   * ignored.
   */
  public List<Clash> clashesWith(Catalog catalog) {
    List<Clash> clashes = new ArrayList<>();
    for (TableSpec spec : tables) {
      catalog
          .table(spec.name())
          .map(existing -> differences(spec, existing))
          .filter(differences -> !differences.isEmpty())
          .ifPresent(differences -> clashes.add(new Clash(spec.name(), differences)));
    }
    return clashes;
  }

  /**
   * Everything {@code catalog} lacks or has otherwise than this version needs: a missing table (or
   * a view in its place), or a {@link #clashesWith clash} of a table's columns. Keys, CHECKs and
   * indexes are not compared: a customer's table with exactly the needed columns is kept as it is
   * (see {@link #clashesWith}). Tables the schema does not name are ignored. Empty when every table
   * is there with its columns: the check every migration ends with.
   */
  public List<String> differencesFrom(Catalog catalog) {
    List<String> found = new ArrayList<>();
    for (TableSpec spec : tables) {
      Optional<CatalogTable> existing = catalog.table(spec.name());
      if (existing.isEmpty()) {
        found.add("table %s is missing".formatted(spec.name()));
      } else {
        differences(spec, existing.get()).forEach(d -> found.add(spec.name() + ": " + d));
      }
    }
    return found;
  }

  private static List<String> differences(TableSpec spec, CatalogTable existing) {
    if (existing.kind() != RelationKind.TABLE) {
      return List.of("it is a view or other relation, not a table");
    }
    List<String> differences = new ArrayList<>();
    Set<String> needed = new HashSet<>();
    for (ColumnSpec column : spec.columns()) {
      needed.add(column.name());
      Optional<CatalogColumn> found = existing.column(column.name());
      if (found.isEmpty()) {
        differences.add("missing column %s (%s)".formatted(column.name(), column.describe()));
      } else if (!column.matches(found.get())) {
        differences.add(
            "column %s is %s (%s), needs %s"
                .formatted(
                    column.name(),
                    found.get().kind() + (found.get().nullable() ? " NULL" : " NOT NULL"),
                    found.get().nativeType(),
                    column.describe()));
      }
    }
    for (CatalogColumn column : existing.columns()) {
      if (!needed.contains(column.name())) {
        differences.add("unexpected column %s (%s)".formatted(column.name(), column.nativeType()));
      }
    }
    return differences;
  }
}
