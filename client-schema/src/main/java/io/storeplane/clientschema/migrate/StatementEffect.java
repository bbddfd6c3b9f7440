package io.storeplane.clientschema.migrate;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one MySQL migration statement creates, read from its text, so that an interrupted migration
 * can be finished by running only what the catalog does not have yet. Understood: {@code CREATE
 * TABLE [IF NOT EXISTS] t (...)} (creates table {@code t}) and {@code ALTER TABLE t} whose clauses
 * are all {@code ADD COLUMN c}, {@code ADD CONSTRAINT n}, {@code ADD [UNIQUE|FULLTEXT] INDEX|KEY n}
 * (each creates that column or named object). Any other statement is not understood: it is run
 * again as it is, so it must be safe to run twice (docs/client-schema.md).
 */
final class StatementEffect {

  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?\\s*\\(.*");
  private static final Pattern ALTER_TABLE =
      Pattern.compile("(?is)^ALTER\\s+TABLE\\s+`?(\\w+)`?\\s+(.*)");
  private static final Pattern ADD_COLUMN =
      Pattern.compile("(?is)^ADD\\s+COLUMN\\s+`?(\\w+)`?\\s.*");
  private static final Pattern ADD_NAMED =
      Pattern.compile(
          "(?is)^ADD\\s+(?:CONSTRAINT|(?:UNIQUE\\s+|FULLTEXT\\s+)?(?:INDEX|KEY))\\s+`?(\\w+)`?[\\s(].*");

  private final String sql;
  private final String table;
  private final boolean createsTable;
  private final List<Clause> clauses;

  private StatementEffect(String sql, String table, boolean createsTable, List<Clause> clauses) {
    this.sql = sql;
    this.table = table;
    this.createsTable = createsTable;
    this.clauses = clauses;
  }

  /** One {@code ADD ...} clause of an ALTER TABLE and the column or named object it creates. */
  private record Clause(String text, String name, boolean column) {

    boolean presentIn(CatalogTable table) {
      if (column) {
        return table.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(name));
      }
      return table.checks().stream().anyMatch(name::equalsIgnoreCase)
          || table.uniqueKeys().stream().anyMatch(k -> k.name().equalsIgnoreCase(name))
          || table.foreignKeys().stream().anyMatch(k -> k.name().equalsIgnoreCase(name))
          || table.indexes().stream().anyMatch(i -> i.name().equalsIgnoreCase(name));
    }
  }

  /** Reads what {@code sql} creates; a statement it does not understand creates nothing known. */
  static StatementEffect of(String sql) {
    Matcher create = CREATE_TABLE.matcher(sql);
    if (create.matches()) {
      return new StatementEffect(sql, create.group(1), true, List.of());
    }
    Matcher alter = ALTER_TABLE.matcher(sql);
    if (alter.matches()) {
      List<Clause> clauses = new ArrayList<>();
      for (String text : MigrationScript.topLevelClauses(alter.group(2))) {
        Matcher column = ADD_COLUMN.matcher(text);
        Matcher named = ADD_NAMED.matcher(text);
        if (column.matches()) {
          clauses.add(new Clause(text, column.group(1), true));
        } else if (named.matches()) {
          clauses.add(new Clause(text, named.group(1), false));
        } else {
          return new StatementEffect(sql, null, false, List.of());
        }
      }
      return new StatementEffect(sql, alter.group(1), false, clauses);
    }
    return new StatementEffect(sql, null, false, List.of());
  }

  /** Whether the statement is understood (its effect can be read from a catalog). */
  boolean understood() {
    return table != null;
  }

  /** Whether {@code catalog} holds anything this statement creates: it ran, or began to. */
  boolean startedIn(Catalog catalog) {
    if (!understood()) {
      return false;
    }
    Optional<CatalogTable> existing = tableIn(catalog);
    if (createsTable) {
      return existing.isPresent();
    }
    return existing.map(t -> clauses.stream().anyMatch(c -> c.presentIn(t))).orElse(false);
  }

  /**
   * The SQL that finishes this statement's work on {@code catalog}: nothing when all it creates is
   * there, the ALTER TABLE of the clauses still missing, or the whole statement (also when it is
   * not understood).
   */
  Optional<String> remainderFor(Catalog catalog) {
    if (!understood()) {
      return Optional.of(sql);
    }
    Optional<CatalogTable> existing = tableIn(catalog);
    if (createsTable) {
      return existing.isPresent() ? Optional.empty() : Optional.of(sql);
    }
    if (existing.isEmpty()) {
      return Optional.of(sql);
    }
    List<String> missing =
        clauses.stream().filter(c -> !c.presentIn(existing.get())).map(Clause::text).toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("ALTER TABLE " + table + "\n  " + String.join(",\n  ", missing));
  }

  private Optional<CatalogTable> tableIn(Catalog catalog) {
    String name = table.toLowerCase(Locale.ROOT);
    return catalog.tables().stream()
        .filter(t -> t.name().toLowerCase(Locale.ROOT).equals(name))
        .findFirst();
  }
}
