package io.storeplane.fleet.drift;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogColumn;
import io.storeplane.clientschema.catalog.CatalogIndex;
import io.storeplane.clientschema.catalog.CatalogTable;
import io.storeplane.clientschema.catalog.ForeignKey;
import io.storeplane.clientschema.catalog.RelationKind;
import io.storeplane.clientschema.catalog.UniqueKey;
import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.ConstraintSpec;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.fleet.drift.SchemaDifference.Change;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a store's catalog with the {@link ExpectedSchema} of its version, object by object:
 * tables, columns (kind and nullability, the native type shown), primary keys, unique keys, foreign
 * keys (columns and referenced table), CHECK constraints by name, and plain indexes (columns). Text
 * search indexes are dialect-specific and not compared. Tables the version does not name are the
 * store's own: listed apart, never a difference. Names compare without regard to case (MySQL on
 * some systems folds them).
 */
public final class DriftComparator {

  private DriftComparator() {}

  /**
   * What a comparison found.
   *
   * @param differences every difference on the version's tables, table by table in manifest order
   * @param ownTables tables (and views) of the database the version does not name, sorted
   */
  public record Result(List<SchemaDifference> differences, List<String> ownTables) {

    public Result {
      differences = List.copyOf(differences);
      ownTables = List.copyOf(ownTables);
    }
  }

  /** Compares {@code catalog} with {@code expected}. */
  public static Result compare(ExpectedSchema expected, Catalog catalog) {
    List<SchemaDifference> out = new ArrayList<>();
    Set<String> named = new HashSet<>();
    named.add(ClientSchema.historyTable());
    for (TableSpec spec : expected.manifest().tables()) {
      named.add(lower(spec.name()));
      Optional<CatalogTable> found = table(catalog, spec.name());
      if (found.isEmpty()) {
        out.add(diff("table", spec.name(), spec.name(), Change.MISSING, "table", null));
      } else if (found.get().kind() != RelationKind.TABLE) {
        out.add(
            diff(
                "table",
                spec.name(),
                spec.name(),
                Change.DIFFERENT,
                "table",
                found.get().kind().name().toLowerCase(Locale.ROOT)));
      } else {
        compareTable(expected, spec, found.get(), out);
      }
    }
    List<String> own =
        catalog.tables().stream()
            .map(CatalogTable::name)
            .filter(name -> !named.contains(lower(name)))
            .sorted()
            .toList();
    return new Result(out, own);
  }

  private static void compareTable(
      ExpectedSchema expected, TableSpec spec, CatalogTable table, List<SchemaDifference> out) {
    String name = spec.name();
    Set<String> columns = new HashSet<>();
    for (ColumnSpec column : spec.columns()) {
      columns.add(lower(column.name()));
      Optional<CatalogColumn> found =
          table.columns().stream().filter(c -> same(c.name(), column.name())).findFirst();
      if (found.isEmpty()) {
        out.add(diff("column", name, column.name(), Change.MISSING, column.describe(), null));
      } else if (!column.matches(found.get())) {
        out.add(
            diff(
                "column",
                name,
                column.name(),
                Change.DIFFERENT,
                column.describe(),
                show(found.get())));
      }
    }
    for (CatalogColumn column : table.columns()) {
      if (!columns.contains(lower(column.name()))) {
        out.add(diff("column", name, column.name(), Change.EXTRA, null, show(column)));
      }
    }
    comparePrimaryKey(spec, table, out);
    compareUniqueKeys(spec, table, out);
    compareForeignKeys(spec, table, out);
    compareChecks(spec, table, out);
    compareIndexes(expected.indexesOf(name), table, out);
  }

  private static void comparePrimaryKey(
      TableSpec spec, CatalogTable table, List<SchemaDifference> out) {
    List<String> wanted =
        spec.constraints(ConstraintSpec.Kind.PRIMARY).stream()
            .findFirst()
            .map(ConstraintSpec::columns)
            .orElse(List.of());
    if (!sameList(wanted, table.primaryKey())) {
      out.add(
          diff(
              "primary key",
              spec.name(),
              spec.name(),
              wanted.isEmpty()
                  ? Change.EXTRA
                  : table.primaryKey().isEmpty() ? Change.MISSING : Change.DIFFERENT,
              wanted.isEmpty() ? null : cols(wanted),
              table.primaryKey().isEmpty() ? null : cols(table.primaryKey())));
    }
  }

  private static void compareUniqueKeys(
      TableSpec spec, CatalogTable table, List<SchemaDifference> out) {
    Set<String> named = new HashSet<>();
    for (ConstraintSpec unique : spec.constraints(ConstraintSpec.Kind.UNIQUE)) {
      named.add(lower(unique.name()));
      Optional<UniqueKey> found =
          table.uniqueKeys().stream().filter(k -> same(k.name(), unique.name())).findFirst();
      if (found.isEmpty()) {
        out.add(
            diff(
                "unique key",
                spec.name(),
                unique.name(),
                Change.MISSING,
                cols(unique.columns()),
                null));
      } else if (!sameList(unique.columns(), found.get().columns())) {
        out.add(
            diff(
                "unique key",
                spec.name(),
                unique.name(),
                Change.DIFFERENT,
                cols(unique.columns()),
                cols(found.get().columns())));
      }
    }
    for (UniqueKey key : table.uniqueKeys()) {
      if (!named.contains(lower(key.name()))) {
        out.add(
            diff("unique key", spec.name(), key.name(), Change.EXTRA, null, cols(key.columns())));
      }
    }
  }

  private static void compareForeignKeys(
      TableSpec spec, CatalogTable table, List<SchemaDifference> out) {
    Set<String> named = new HashSet<>();
    for (ConstraintSpec foreign : spec.constraints(ConstraintSpec.Kind.FOREIGN)) {
      named.add(lower(foreign.name()));
      String wanted = cols(foreign.columns()) + " REFERENCES " + foreign.referencedTable();
      Optional<ForeignKey> found =
          table.foreignKeys().stream().filter(k -> same(k.name(), foreign.name())).findFirst();
      if (found.isEmpty()) {
        out.add(diff("foreign key", spec.name(), foreign.name(), Change.MISSING, wanted, null));
      } else if (!sameList(foreign.columns(), found.get().columns())
          || !same(foreign.referencedTable(), found.get().referencedTable())) {
        out.add(
            diff(
                "foreign key",
                spec.name(),
                foreign.name(),
                Change.DIFFERENT,
                wanted,
                cols(found.get().columns()) + " REFERENCES " + found.get().referencedTable()));
      }
    }
    for (ForeignKey key : table.foreignKeys()) {
      if (!named.contains(lower(key.name()))) {
        out.add(
            diff(
                "foreign key",
                spec.name(),
                key.name(),
                Change.EXTRA,
                null,
                cols(key.columns()) + " REFERENCES " + key.referencedTable()));
      }
    }
  }

  private static void compareChecks(
      TableSpec spec, CatalogTable table, List<SchemaDifference> out) {
    Set<String> named = new HashSet<>();
    for (ConstraintSpec check : spec.constraints(ConstraintSpec.Kind.CHECK)) {
      named.add(lower(check.name()));
      if (table.checks().stream().noneMatch(c -> same(c, check.name()))) {
        out.add(diff("check", spec.name(), check.name(), Change.MISSING, "present", null));
      }
    }
    for (String check : table.checks()) {
      if (!named.contains(lower(check))) {
        out.add(diff("check", spec.name(), check, Change.EXTRA, null, "present"));
      }
    }
  }

  private static void compareIndexes(
      List<ExpectedIndex> wanted, CatalogTable table, List<SchemaDifference> out) {
    Set<String> named = new HashSet<>();
    for (ExpectedIndex index : wanted) {
      named.add(lower(index.name()));
      Optional<CatalogIndex> found =
          table.indexes().stream().filter(i -> same(i.name(), index.name())).findFirst();
      if (found.isEmpty()) {
        out.add(
            diff("index", table.name(), index.name(), Change.MISSING, cols(index.columns()), null));
      } else if (!found.get().isPlain() || !sameList(index.columns(), found.get().columns())) {
        out.add(
            diff(
                "index",
                table.name(),
                index.name(),
                Change.DIFFERENT,
                "btree " + cols(index.columns()),
                found.get().method() + " " + cols(found.get().columns())));
      }
    }
    for (CatalogIndex index : table.indexes()) {
      if (index.isPlain() && !named.contains(lower(index.name()))) {
        out.add(
            diff("index", table.name(), index.name(), Change.EXTRA, null, cols(index.columns())));
      }
    }
  }

  private static Optional<CatalogTable> table(Catalog catalog, String name) {
    return catalog.tables().stream().filter(t -> same(t.name(), name)).findFirst();
  }

  private static SchemaDifference diff(
      String object, String table, String name, Change change, String expected, String actual) {
    return new SchemaDifference(
        object,
        table,
        name,
        change,
        expected == null ? SchemaDifference.ABSENT : expected,
        actual == null ? SchemaDifference.ABSENT : actual);
  }

  private static String show(CatalogColumn column) {
    return "%s %s (%s)"
        .formatted(column.kind(), column.nullable() ? "NULL" : "NOT NULL", column.nativeType());
  }

  private static String cols(List<String> columns) {
    return "(" + String.join(", ", columns) + ")";
  }

  private static boolean sameList(List<String> left, List<String> right) {
    return left.stream()
        .map(DriftComparator::lower)
        .toList()
        .equals(right.stream().map(DriftComparator::lower).toList());
  }

  private static boolean same(String left, String right) {
    return left.equalsIgnoreCase(right);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
