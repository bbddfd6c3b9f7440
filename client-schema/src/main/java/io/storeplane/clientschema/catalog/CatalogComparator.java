package io.storeplane.clientschema.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares two catalogs (typically one PostgreSQL and one MySQL database migrated to the same
 * version) for the things both dialects must share: the same tables; the same columns with the same
 * portable type ({@link CatalogColumn#portableType()}) and nullability; the same primary keys; the
 * same unique keys, foreign keys (with delete rule), CHECK constraints and plain B-tree indexes, by
 * name and definition. Text-search indexes (GIN trigram, FULLTEXT) are dialect-specific and not
 * compared.
 */
public final class CatalogComparator {

  private CatalogComparator() {}

  /** Every difference between {@code left} and {@code right}; empty when they agree. */
  public static List<CatalogDifference> compare(Catalog left, Catalog right) {
    List<CatalogDifference> differences = new ArrayList<>();
    Set<String> names = new TreeSet<>(left.tableNames());
    names.addAll(right.tableNames());
    for (String name : names) {
      var l = left.table(name);
      var r = right.table(name);
      if (l.isEmpty() || r.isEmpty()) {
        differences.add(
            new CatalogDifference(
                name,
                "table",
                l.isPresent() ? "present" : CatalogDifference.ABSENT,
                r.isPresent() ? "present" : CatalogDifference.ABSENT));
      } else {
        compareTables(l.get(), r.get(), differences);
      }
    }
    return differences;
  }

  private static void compareTables(
      CatalogTable left, CatalogTable right, List<CatalogDifference> out) {
    String table = left.name();
    if (left.kind() != right.kind()) {
      out.add(new CatalogDifference(table, "kind", left.kind().name(), right.kind().name()));
    }
    compareNamed(
        table,
        "column",
        byName(left.columns(), CatalogColumn::name, CatalogColumn::describe),
        byName(right.columns(), CatalogColumn::name, CatalogColumn::describe),
        out);
    if (!left.primaryKey().equals(right.primaryKey())) {
      out.add(
          new CatalogDifference(
              table, "primary key", left.primaryKey().toString(), right.primaryKey().toString()));
    }
    compareNamed(
        table,
        "unique key",
        byName(left.uniqueKeys(), UniqueKey::name, k -> k.columns().toString()),
        byName(right.uniqueKeys(), UniqueKey::name, k -> k.columns().toString()),
        out);
    compareNamed(
        table,
        "foreign key",
        byName(left.foreignKeys(), ForeignKey::name, ForeignKey::toString),
        byName(right.foreignKeys(), ForeignKey::name, ForeignKey::toString),
        out);
    compareNamed(
        table,
        "index",
        byName(plain(left.indexes()), CatalogIndex::name, i -> i.columns().toString()),
        byName(plain(right.indexes()), CatalogIndex::name, i -> i.columns().toString()),
        out);
    compareNamed(
        table,
        "check",
        byName(List.copyOf(left.checks()), Function.identity(), c -> "present"),
        byName(List.copyOf(right.checks()), Function.identity(), c -> "present"),
        out);
  }

  private static List<CatalogIndex> plain(List<CatalogIndex> indexes) {
    return indexes.stream().filter(CatalogIndex::isPlain).toList();
  }

  private static <T> Map<String, String> byName(
      List<T> items, Function<T, String> name, Function<T, String> definition) {
    Map<String, String> map = new TreeMap<>();
    items.forEach(item -> map.put(name.apply(item), definition.apply(item)));
    return map;
  }

  private static void compareNamed(
      String table,
      String what,
      Map<String, String> left,
      Map<String, String> right,
      List<CatalogDifference> out) {
    Set<String> names = new TreeSet<>(left.keySet());
    names.addAll(right.keySet());
    for (String name : names) {
      String l = left.getOrDefault(name, CatalogDifference.ABSENT);
      String r = right.getOrDefault(name, CatalogDifference.ABSENT);
      if (!l.equals(r)) {
        out.add(new CatalogDifference(table, what + " " + name, l, r));
      }
    }
  }
}
