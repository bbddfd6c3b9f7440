package io.storeplane.fleet.drift;

import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.migrate.MigrationScript;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a store database at one client schema version must hold: the version's manifest (tables,
 * columns with kind and nullability, primary, unique, foreign and CHECK constraints) and the plain
 * indexes its migrations create, read from the migrations' own SQL in the store's dialect (the
 * manifest does not list indexes). Text-search indexes (GIN trigram, FULLTEXT) are dialect-specific
 * and left out, as the dialect comparison leaves them out.
 *
 * @param dialect the store's dialect
 * @param version the schema version
 * @param manifest the version's manifest
 * @param indexes the plain indexes by lower-case table name, each in migration order
 */
public record ExpectedSchema(
    Dialect dialect, int version, Manifest manifest, Map<String, List<ExpectedIndex>> indexes) {

  private static final Map<String, ExpectedSchema> CACHE = new ConcurrentHashMap<>();

  private static final Pattern PG_CREATE_INDEX =
      Pattern.compile(
          "(?is)^CREATE\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?(\\w+)\"?"
              + "\\s+ON\\s+(?:ONLY\\s+)?\"?(\\w+)\"?\\s*(\\(.*\\))\\s*$");
  private static final Pattern MYSQL_CREATE_INDEX =
      Pattern.compile("(?is)^CREATE\\s+INDEX\\s+`?(\\w+)`?\\s+ON\\s+`?(\\w+)`?\\s*(\\(.*\\))\\s*$");
  private static final Pattern DROP_INDEX =
      Pattern.compile("(?is)^DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?[`\"]?(\\w+)[`\"]?.*");
  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?\\s*\\(.*");
  private static final Pattern ALTER_TABLE =
      Pattern.compile("(?is)^ALTER\\s+TABLE\\s+`?(\\w+)`?\\s+(.*)");
  private static final Pattern INDEX_CLAUSE =
      Pattern.compile("(?is)^(?:ADD\\s+)?(?:INDEX|KEY)\\s+`?(\\w+)`?\\s*(\\(.*\\))\\s*$");
  private static final Pattern DROP_INDEX_CLAUSE =
      Pattern.compile("(?is)^DROP\\s+(?:INDEX|KEY)\\s+(?:IF\\s+EXISTS\\s+)?`?(\\w+)`?\\s*$");

  private static final Pattern INDEX_COLUMN =
      Pattern.compile("(?is)^[`\"]?(\\w+)[`\"]?\\s*(?:\\(\\d+\\))?\\s*(?:ASC|DESC)?$");

  public ExpectedSchema {
    Map<String, List<ExpectedIndex>> copy = new LinkedHashMap<>();
    indexes.forEach((table, list) -> copy.put(table, List.copyOf(list)));
    indexes = Map.copyOf(copy);
  }

  /** The plain indexes of {@code table} this version has. */
  public List<ExpectedIndex> indexesOf(String table) {
    return indexes.getOrDefault(table.toLowerCase(Locale.ROOT), List.of());
  }

  /** The expected index named {@code name} on {@code table}, if there is one. */
  public Optional<ExpectedIndex> index(String table, String name) {
    return indexesOf(table).stream().filter(i -> i.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * The expected schema of a store at {@code version}, whose history names the migration scripts it
   * ran ({@code scripts}: version to script file name, 1 to {@code version}).
   *
   * @throws FleetException {@code store-schema-unknown} when a version is not known to this build
   *     or its script is not among its migrations
   */
  public static ExpectedSchema of(Dialect dialect, int version, Map<Integer, String> scripts) {
    if (version < 1 || version > ClientSchema.currentVersion()) {
      throw new FleetException(
          FleetError.STORE_SCHEMA_UNKNOWN,
          "The store's database is at client schema version %d; this build knows 1 to %d"
              .formatted(version, ClientSchema.currentVersion()));
    }
    StringBuilder key = new StringBuilder(dialect + ":" + version);
    for (int v = 1; v <= version; v++) {
      String script = scripts.get(v);
      if (script == null) {
        throw new FleetException(
            FleetError.STORE_SCHEMA_UNKNOWN,
            "The store's schema history has no applied migration of version %d below its version %d"
                .formatted(v, version));
      }
      key.append(':').append(script);
    }
    return CACHE.computeIfAbsent(key.toString(), k -> build(dialect, version, scripts));
  }

  private static ExpectedSchema build(Dialect dialect, int version, Map<Integer, String> scripts) {
    Map<String, List<ExpectedIndex>> indexes = new LinkedHashMap<>();
    for (int v = 1; v <= version; v++) {
      for (String statement : load(dialect, scripts.get(v)).statements()) {
        if (dialect == Dialect.POSTGRESQL) {
          readPostgresql(statement, indexes);
        } else {
          readMysql(statement, indexes);
        }
      }
    }
    return new ExpectedSchema(dialect, version, ClientSchema.manifest(version), indexes);
  }

  private static void readPostgresql(String sql, Map<String, List<ExpectedIndex>> indexes) {
    Matcher create = PG_CREATE_INDEX.matcher(sql);
    if (create.matches()) {
      Optional<List<String>> columns = columns(create.group(3));
      columns.ifPresent(
          cols -> add(indexes, new ExpectedIndex(create.group(2), create.group(1), cols, sql)));
      return;
    }
    Matcher drop = DROP_INDEX.matcher(sql);
    if (drop.matches()) {
      remove(indexes, drop.group(1));
    }
  }

  private static void readMysql(String sql, Map<String, List<ExpectedIndex>> indexes) {
    Matcher create = MYSQL_CREATE_INDEX.matcher(sql);
    if (create.matches()) {
      addMysql(indexes, create.group(2), create.group(1), create.group(3));
      return;
    }
    Matcher table = CREATE_TABLE.matcher(sql);
    if (table.matches()) {
      int open = sql.indexOf('(');
      int close = matching(sql, open);
      for (String clause : MigrationScript.topLevelClauses(sql.substring(open + 1, close))) {
        Matcher index = INDEX_CLAUSE.matcher(clause);
        if (index.matches()) {
          addMysql(indexes, table.group(1), index.group(1), index.group(2));
        }
      }
      return;
    }
    Matcher alter = ALTER_TABLE.matcher(sql);
    if (alter.matches()) {
      for (String clause : MigrationScript.topLevelClauses(alter.group(2))) {
        Matcher index = INDEX_CLAUSE.matcher(clause);
        Matcher drop = DROP_INDEX_CLAUSE.matcher(clause);
        if (index.matches() && clause.regionMatches(true, 0, "ADD", 0, 3)) {
          addMysql(indexes, alter.group(1), index.group(1), index.group(2));
        } else if (drop.matches()) {
          remove(indexes, drop.group(1));
        }
      }
      return;
    }
    Matcher drop = DROP_INDEX.matcher(sql);
    if (drop.matches()) {
      remove(indexes, drop.group(1));
    }
  }

  private static void addMysql(
      Map<String, List<ExpectedIndex>> indexes, String table, String name, String columnList) {
    columns(columnList)
        .ifPresent(
            cols ->
                add(
                    indexes,
                    new ExpectedIndex(
                        table,
                        name,
                        cols,
                        "ALTER TABLE %s ADD INDEX %s %s".formatted(table, name, columnList))));
  }

  private static void add(Map<String, List<ExpectedIndex>> indexes, ExpectedIndex index) {
    remove(indexes, index.name());
    indexes
        .computeIfAbsent(index.table().toLowerCase(Locale.ROOT), t -> new ArrayList<>())
        .add(index);
  }

  private static void remove(Map<String, List<ExpectedIndex>> indexes, String name) {
    indexes.values().forEach(list -> list.removeIf(i -> i.name().equalsIgnoreCase(name)));
  }

  /**
   * The plain column names of {@code (a, b DESC, c(20))}; empty for an index on an expression (not
   * a plain column), which the catalog shows in another form.
   */
  private static Optional<List<String>> columns(String parenthesized) {
    String inner = parenthesized.strip();
    int close = matching(inner, 0);
    if (close != inner.length() - 1) {
      return Optional.empty(); // trailing USING / WHERE / INCLUDE: not a plain index
    }
    List<String> names = new ArrayList<>();
    for (String part : MigrationScript.topLevelClauses(inner.substring(1, close))) {
      Matcher column = INDEX_COLUMN.matcher(part);
      if (!column.matches()) {
        return Optional.empty();
      }
      names.add(column.group(1));
    }
    return Optional.of(names);
  }

  private static int matching(String text, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return text.length() - 1;
  }

  /**
   * The migration {@code script} of {@code dialect}. The name comes from the store's own history
   * table, so it is checked before it names a class-path resource.
   */
  private static MigrationScript load(Dialect dialect, String script) {
    if (script == null || !script.matches("V\\d+__\\w+\\.sql")) {
      throw new FleetException(
          FleetError.STORE_SCHEMA_UNKNOWN,
          "The store's schema history names a migration script this build does not have");
    }
    try {
      return MigrationScript.load(dialect, script);
    } catch (ClientSchemaException e) {
      throw new FleetException(
          FleetError.STORE_SCHEMA_UNKNOWN,
          "The store's schema history names migration %s, which this build does not have"
              .formatted(script),
          e);
    }
  }
}
