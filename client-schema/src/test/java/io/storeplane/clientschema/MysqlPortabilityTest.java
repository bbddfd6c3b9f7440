package io.storeplane.clientschema;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogColumn;
import io.storeplane.clientschema.catalog.CatalogTable;
import io.storeplane.clientschema.testing.MigrationFiles;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The MySQL dialect must run on MySQL 8 as well as on the MariaDB server the tests have. This test
 * catches, without a MySQL 8 server, what MariaDB accepts but MySQL 8 rejects or treats
 * differently: MariaDB-only syntax and types, MySQL 8 reserved words, and CHECK constraints on
 * columns that a foreign key's referential action changes (MySQL 8 refuses those).
 */
class MysqlPortabilityTest {

  /** Constructs one of MySQL 8 and MariaDB lacks, or that break the dialect's rules. */
  private static final Map<String, Pattern> FORBIDDEN =
      Map.ofEntries(
          Map.entry("JSON path operators -> and ->> (MySQL only)", Pattern.compile("->")),
          Map.entry(
              "MariaDB-only types UUID, INET4, INET6",
              Pattern.compile("\\b(UUID|INET4|INET6)\\b", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "IF [NOT] EXISTS on indexes, columns or constraints (MariaDB only)",
              Pattern.compile(
                  "\\b(INDEX|KEY|COLUMN|CONSTRAINT)\\s+IF\\s+(NOT\\s+)?EXISTS",
                  Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "CREATE OR REPLACE TABLE/INDEX (MariaDB only)",
              Pattern.compile(
                  "CREATE\\s+OR\\s+REPLACE\\s+(TABLE|INDEX)", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "RETURNING, sequences, PERSISTENT columns (MariaDB only)",
              Pattern.compile("\\b(RETURNING|SEQUENCE|PERSISTENT)\\b", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "collations only one of them has (utf8mb4_0900_*, uca1400)",
              Pattern.compile("(_0900_|uca1400)", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "an expression DEFAULT without parentheses (MySQL 8 requires them)",
              Pattern.compile("DEFAULT\\s+[A-Za-z_]+\\s*\\(", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "session-time-zone defaults (use UTC_TIMESTAMP(6))",
              Pattern.compile("\\b(CURRENT_TIMESTAMP|NOW)\\b", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "TIMESTAMP columns (2038 limit, implicit defaults; use DATETIME(6) in UTC)",
              Pattern.compile("\\bTIMESTAMP\\b", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "DATETIME without 6 fractional digits",
              Pattern.compile("\\bDATETIME\\b(?!\\(6\\))", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "a named PRIMARY KEY (the name is ignored with a warning)",
              Pattern.compile("CONSTRAINT\\s+\\w+\\s+PRIMARY\\s+KEY", Pattern.CASE_INSENSITIVE)));

  /** Words MySQL 8 reserves that MariaDB 10.11 lets through as identifiers. */
  private static final Set<String> MYSQL8_RESERVED =
      Set.of(
          "array",
          "cube",
          "cume_dist",
          "dense_rank",
          "empty",
          "except",
          "first_value",
          "function",
          "grouping",
          "groups",
          "intersect",
          "json_table",
          "lag",
          "last_value",
          "lateral",
          "lead",
          "manual",
          "member",
          "nth_value",
          "ntile",
          "of",
          "over",
          "parallel",
          "percent_rank",
          "qualify",
          "rank",
          "recursive",
          "row",
          "row_number",
          "rows",
          "system",
          "tablesample",
          "window");

  @Test
  void migrationsUseOnlySyntaxBothEnginesAccept() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String file : MigrationFiles.names(Dialect.MYSQL)) {
      String sql = withoutComments(MigrationFiles.read(Dialect.MYSQL, file));
      FORBIDDEN.forEach(
          (rule, pattern) -> {
            var matcher = pattern.matcher(sql);
            while (matcher.find()) {
              problems.add(file + ": " + rule + ": '" + matcher.group() + "'");
            }
          });
      int tables = count(sql, "CREATE TABLE");
      int innoDb = count(sql, "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
      if (tables != innoDb) {
        problems.add(file + ": every CREATE TABLE needs the InnoDB/utf8mb4_unicode_ci options");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theLintCatchesWhatItIsMeantTo() {
    String bad =
        "CREATE TABLE x (id UUID NOT NULL, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
            + " d DATETIME, v VARCHAR(9) DEFAULT uuid(), CONSTRAINT pk_x PRIMARY KEY (id));"
            + " CREATE INDEX IF NOT EXISTS ix ON x (v); SELECT j->>'$.a' FROM x;"
            + " CREATE OR REPLACE TABLE y (n VARCHAR(3) COLLATE utf8mb4_0900_ai_ci);"
            + " DELETE FROM y RETURNING n;";

    Set<String> broken = new HashSet<>();
    FORBIDDEN.forEach(
        (rule, pattern) -> {
          if (pattern.matcher(bad).find()) {
            broken.add(rule);
          }
        });

    assertThat(broken).isEqualTo(FORBIDDEN.keySet());
  }

  @Test
  void identifiersAreNotMysql8ReservedWords() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.MYSQL, "portability")) {
      StoreDatabases.migrator(database).migrate();
      Catalog catalog = StoreDatabases.inspect(database);

      List<String> reserved = new ArrayList<>();
      for (CatalogTable table : catalog.tables()) {
        check(table.name(), reserved);
        for (CatalogColumn column : table.columns()) {
          check(table.name() + "." + column.name(), reserved);
        }
      }

      assertThat(reserved).isEmpty();
    }
  }

  @Test
  void noCheckUsesAColumnChangedByAForeignKeyAction() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.MYSQL, "portability")) {
      StoreDatabases.migrator(database).migrate();
      List<String> actionColumns =
          StoreDatabases.rows(
              database,
              "SELECT k.TABLE_NAME, k.COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE k"
                  + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                  + " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                  + " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME"
                  + " WHERE k.TABLE_SCHEMA = DATABASE()"
                  + " AND (r.DELETE_RULE IN ('CASCADE', 'SET NULL', 'SET DEFAULT')"
                  + " OR r.UPDATE_RULE IN ('CASCADE', 'SET NULL', 'SET DEFAULT'))");
      List<String> checks =
          StoreDatabases.rows(
              database,
              "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                  + " WHERE CONSTRAINT_SCHEMA = DATABASE()");
      assertThat(actionColumns).isNotEmpty();
      assertThat(checks).isNotEmpty();

      List<String> conflicts = new ArrayList<>();
      for (String check : checks) {
        String[] tableAndClause = check.split("\\|", 2);
        for (String column : actionColumns) {
          String[] tableAndColumn = column.split("\\|");
          if (tableAndColumn[0].equals(tableAndClause[0])
              && tableAndClause[1].contains("`" + tableAndColumn[1] + "`")) {
            conflicts.add(check + " uses " + column);
          }
        }
      }
      assertThat(conflicts).isEmpty();
    }
  }

  private static void check(String identifier, List<String> reserved) {
    String last = identifier.substring(identifier.lastIndexOf('.') + 1);
    if (MYSQL8_RESERVED.contains(last.toLowerCase(Locale.ROOT))) {
      reserved.add(identifier);
    }
  }

  private static String withoutComments(String sql) {
    return sql.replaceAll("(?m)--.*$", "");
  }

  private static int count(String text, String word) {
    return text.split(Pattern.quote(word), -1).length - 1;
  }
}
