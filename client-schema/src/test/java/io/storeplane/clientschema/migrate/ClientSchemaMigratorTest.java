package io.storeplane.clientschema.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.TypeKind;
import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Migrating fresh and existing store databases on both engines. */
class ClientSchemaMigratorTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migratesAFreshDatabaseToTheCurrentVersionOnceOnly(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "migrator")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      assertThat(migrator.installedVersion()).isZero();

      MigrationResult first = migrator.migrate();
      MigrationResult second = migrator.migrate();

      Dialect dialect = StoreDatabases.dialect(engine);
      int current = ClientSchema.currentVersion();
      assertThat(first).isEqualTo(new MigrationResult(dialect, 0, current, current, true));
      assertThat(second).isEqualTo(new MigrationResult(dialect, current, current, 0, false));
      assertThat(migrator.installedVersion()).isEqualTo(current);
      assertThat(
              StoreDatabases.rows(
                  database,
                  "SELECT version, checksum FROM storeplane_schema_history WHERE type = 'SQL'"
                      + " ORDER BY installed_rank"))
          .as("the checksums the ledger records are the ones Flyway writes")
          .isEqualTo(
              ClientSchema.versions().stream()
                  .map(v -> v + "|" + ClientSchema.checksum(dialect, v))
                  .toList());
      assertThat(StoreDatabases.inspect(database).tableNames())
          .contains("storeplane_schema_history")
          .doesNotContain("flyway_schema_history");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migratesStepByStepAndRefusesToGoBack(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "migrator")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      Dialect dialect = StoreDatabases.dialect(engine);

      assertThat(migrator.migrateTo(1)).isEqualTo(new MigrationResult(dialect, 0, 1, 1, true));
      assertThat(StoreDatabases.inspect(database).tableNames()).doesNotContain("product_reviews");
      assertThat(migrator.migrate()).isEqualTo(new MigrationResult(dialect, 1, 4, 3, false));

      assertThatThrownBy(() -> migrator.migrateTo(1))
          .isInstanceOfSatisfying(
              ClientSchemaException.class,
              e -> assertThat(e.code()).isEqualTo(ClientSchemaError.SCHEMA_NEWER_THAN_TARGET))
          .hasMessageContaining("version 4, newer than the target 1");
      assertThatThrownBy(() -> migrator.migrateTo(ClientSchema.currentVersion() + 1))
          .isInstanceOfSatisfying(
              ClientSchemaException.class,
              e -> assertThat(e.code()).isEqualTo(ClientSchemaError.UNKNOWN_SCHEMA_VERSION));
    }
  }

  /**
   * The installed version comes from the history's succeeded rows: a failed row of a later version
   * (a MySQL migration that stopped half-way) does not count, and the next migration removes it.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void theInstalledVersionIsTheNewestSucceededRowOfTheSessionsOwnHistory(Engine engine)
      throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "migrator")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      migrator.migrateTo(2);
      StoreDatabases.execute(
          database,
          "INSERT INTO storeplane_schema_history (installed_rank, version, description, type,"
              + " script, checksum, installed_by, execution_time, success) VALUES (99, '3',"
              + " 'cut short', 'SQL', 'V3__x.sql', 1, 'test', 1, "
              + (engine == Engine.POSTGRESQL ? "false" : "0")
              + ")");
      assertThat(migrator.installedVersion()).isEqualTo(2);
      assertThat(migrator.migrateTo(3))
          .as("the failed row is removed and version 3 applied")
          .isEqualTo(new MigrationResult(StoreDatabases.dialect(engine), 2, 3, 1, false));
      assertThat(migrator.installedVersion()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void leavesACustomersOwnTablesAndFlywayHistoryAlone(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "migrator")) {
      StoreDatabases.execute(
          database,
          "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY,"
              + " version VARCHAR(50), description VARCHAR(200) NOT NULL)",
          "INSERT INTO flyway_schema_history VALUES (1, '7', 'the customer''s own migration')",
          "CREATE TABLE legacy_orders (id INT NOT NULL PRIMARY KEY, note VARCHAR(20))",
          "INSERT INTO legacy_orders VALUES (1, 'keep me')");

      MigrationResult result = StoreDatabases.migrator(database).migrate();

      assertThat(result.fromVersion()).isZero();
      assertThat(result.toVersion()).isEqualTo(ClientSchema.currentVersion());
      assertThat(result.baselined()).isTrue();
      assertThat(
              StoreDatabases.rows(
                  database, "SELECT version, description FROM flyway_schema_history"))
          .containsExactly("7|the customer's own migration");
      assertThat(StoreDatabases.rows(database, "SELECT id, note FROM legacy_orders"))
          .containsExactly("1|keep me");
      Catalog catalog = StoreDatabases.inspect(database);
      assertThat(ClientSchema.manifest().presentIn(catalog))
          .hasSize(ClientSchema.manifest().totalTables());
      assertThat(catalog.table("legacy_orders").orElseThrow().columns()).hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void refusesAClashingTableAndChangesNothing(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "migrator")) {
      StoreDatabases.execute(
          database,
          "CREATE TABLE products (id INT NOT NULL PRIMARY KEY, title VARCHAR(80),"
              + " price DECIMAL(10, 2) NOT NULL)");
      Catalog before = StoreDatabases.inspect(database);

      assertThatThrownBy(() -> StoreDatabases.migrator(database).migrate())
          .isInstanceOfSatisfying(
              ClientSchemaException.class,
              e -> assertThat(e.code()).isEqualTo(ClientSchemaError.SCHEMA_CLASH))
          .hasMessageContaining("table products already exists with another shape")
          .hasMessageContaining("column id is INTEGER NOT NULL")
          .hasMessageContaining("needs UUID NOT NULL")
          .hasMessageContaining("missing column slug (STRING NOT NULL)")
          .hasMessageContaining("unexpected column price");

      assertThat(StoreDatabases.inspect(database)).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aTableWithExactlyTheNeededShapeIsKept(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "migrator")) {
      TableSpec cmsPages = ClientSchema.manifest().table("cms_pages").orElseThrow();
      StoreDatabases.execute(database, createTable(cmsPages, engine));
      StoreDatabases.execute(
          database,
          "INSERT INTO cms_pages (id, slug, title, content_format, is_published, created_at,"
              + " updated_at) VALUES ('6f1c1c1e-2d7f-4a53-9d0e-0c5d5c1f1a01', 'faq', 'FAQ',"
              + " 'html', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      assertThat(ClientSchema.manifest().clashesWith(StoreDatabases.inspect(database))).isEmpty();

      MigrationResult result = StoreDatabases.migrator(database).migrate();

      assertThat(result.toVersion()).isEqualTo(ClientSchema.currentVersion());
      assertThat(StoreDatabases.rows(database, "SELECT slug, title FROM cms_pages"))
          .containsExactly("faq|FAQ");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void reportsAFailedMigrationWithItsCode(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "migrator")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      migrator.migrateTo(1);
      StoreDatabases.execute(
          database, "UPDATE storeplane_schema_history SET checksum = 42 WHERE version = '1'");

      assertThatThrownBy(migrator::migrate)
          .isInstanceOfSatisfying(
              ClientSchemaException.class,
              e -> assertThat(e.code()).isEqualTo(ClientSchemaError.MIGRATION_FAILED))
          .hasMessageContaining("to client schema version 4 failed")
          .hasMessageContaining("checksum mismatch");
      assertThat(migrator.installedVersion()).isEqualTo(1);
    }
  }

  /** DDL for a table of exactly the manifest's shape, as a customer might have made it. */
  private static String createTable(TableSpec table, Engine engine) {
    List<String> columns = new ArrayList<>();
    for (ColumnSpec column : table.columns()) {
      columns.add(
          column.name()
              + " "
              + nativeType(column.kind(), engine)
              + (column.nullable() ? " NULL" : " NOT NULL"));
    }
    columns.add("PRIMARY KEY (id)");
    return "CREATE TABLE " + table.name() + " (" + String.join(", ", columns) + ")";
  }

  private static String nativeType(TypeKind kind, Engine engine) {
    boolean pg = engine == Engine.POSTGRESQL;
    return switch (kind) {
      case UUID -> pg ? "UUID" : "CHAR(36) CHARACTER SET ascii";
      case STRING -> "VARCHAR(255)";
      case TEXT -> "TEXT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DECIMAL -> "DECIMAL(19, 4)";
      case BOOLEAN -> "BOOLEAN";
      case TIMESTAMP -> pg ? "TIMESTAMPTZ" : "DATETIME(6)";
      case DATE -> "DATE";
      case JSON -> pg ? "JSONB" : "JSON";
      case OTHER -> throw new IllegalArgumentException("no DDL for OTHER");
    };
  }

  /**
   * Issue 15, finding 7: re-running the MySQL V1 migration (after it was interrupted: no history
   * row, most tables there) logged a Flyway warning per existing table, the server's note that
   * {@code CREATE TABLE IF NOT EXISTS} found it ("Table 'products' already exists", 1050). Notes
   * are not warnings: the migrator's sessions do not record them, so Flyway has none to log.
   */
  @Test
  void reRunningAnInterruptedMysqlMigrationLogsNoWarning() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.MYSQL, "noisy")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      migrator.migrateTo(1);
      // Interrupted before its last table and before Flyway recorded it.
      StoreDatabases.execute(
          database,
          "DELETE FROM storeplane_schema_history WHERE version = '1'",
          "DROP TABLE analytics_events");

      Thread self = Thread.currentThread();
      List<String> warnings = new ArrayList<>();
      List<String> infos = new ArrayList<>();
      Handler capture =
          new Handler() {
            @Override
            public void publish(LogRecord record) {
              if (Thread.currentThread() != self
                  || record.getLoggerName() == null
                  || !record.getLoggerName().startsWith("org.flywaydb")) {
                return;
              }
              (record.getLevel().intValue() >= Level.WARNING.intValue() ? warnings : infos)
                  .add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
      capture.setLevel(Level.ALL);
      Logger.getLogger("").addHandler(capture);
      MigrationResult rerun;
      try {
        rerun = migrator.migrate();
      } finally {
        Logger.getLogger("").removeHandler(capture);
      }

      assertThat(rerun.migrationsApplied()).as("V1 ran again, then V2, V3 and V4").isEqualTo(4);
      assertThat(StoreDatabases.inspect(database).tableNames()).contains("analytics_events");
      assertThat(infos).as("Flyway's log is captured").anyMatch(m -> m.startsWith("Migrating"));
      assertThat(warnings).as("Flyway warnings").isEmpty();
    }
  }
}
