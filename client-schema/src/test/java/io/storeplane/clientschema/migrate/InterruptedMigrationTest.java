package io.storeplane.clientschema.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogComparator;
import io.storeplane.clientschema.testing.MigrationFiles;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A MySQL migration interrupted after any of its statements ends, when migrated again, with the
 * complete catalog of the current version (issue 15, finding 1). MySQL DDL is not transactional, so
 * a crash leaves the statements before it applied. Each case applies the first {@code k} statements
 * of one migration by hand, as a kill -9 of the instance would leave them (no history row), or also
 * writes the failed history row ({@code success = 0}) Flyway writes when a statement fails on a
 * dropped connection or on a re-run of an already applied statement; then it migrates again.
 */
class InterruptedMigrationTest {

  private static final Dialect MYSQL = Dialect.MYSQL;
  private static Catalog complete;

  @BeforeAll
  static void migrateAReferenceDatabase() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.MYSQL, "complete")) {
      StoreDatabases.migrator(database).migrate();
      complete = StoreDatabases.inspect(database).without(Set.of(ClientSchema.historyTable()));
    }
  }

  static Stream<Arguments> everyStatementOfEveryMigration() {
    return ClientSchema.versions().stream()
        .flatMap(
            version -> {
              int statements = script(version).statements().size();
              return IntStream.rangeClosed(0, statements)
                  .boxed()
                  .flatMap(
                      k ->
                          Stream.of(
                              Arguments.of(version, k, false), Arguments.of(version, k, true)));
            });
  }

  @ParameterizedTest(name = "V{0} stopped after statement {1} of its statements, failed row {2}")
  @MethodSource("everyStatementOfEveryMigration")
  void migratingAgainCompletesTheSchema(int version, int applied, boolean failedRow)
      throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.MYSQL, "interrupted")) {
      if (version == 1) {
        flyway(database).baseline();
      } else {
        StoreDatabases.migrator(database).migrateTo(version - 1);
      }
      MigrationScript script = script(version);
      try (Connection connection = database.connect();
          Statement statement = connection.createStatement()) {
        for (String sql : script.statements().subList(0, applied)) {
          statement.execute(sql);
        }
      }
      if (failedRow) {
        writeFailedRow(database, version);
      }

      MigrationResult result = StoreDatabases.migrator(database).migrate();

      assertThat(result.toVersion()).isEqualTo(ClientSchema.currentVersion());
      Catalog catalog =
          StoreDatabases.inspect(database).without(Set.of(ClientSchema.historyTable()));
      assertThat(CatalogComparator.compare(complete, catalog)).isEmpty();
      assertThat(ClientSchema.manifest().presentIn(catalog))
          .hasSize(ClientSchema.manifest().totalTables());
      assertThat(
              StoreDatabases.rows(
                  database,
                  "SELECT version, success FROM storeplane_schema_history ORDER BY installed_rank"))
          .containsExactlyElementsOf(
              IntStream.rangeClosed(0, ClientSchema.currentVersion())
                  .mapToObj(v -> v + "|1")
                  .toList());
      assertThat(StoreDatabases.migrator(database).installedVersion())
          .isEqualTo(ClientSchema.currentVersion());
    }
  }

  private static MigrationScript script(int version) {
    try {
      String name =
          MigrationFiles.names(MYSQL).stream()
              .filter(n -> n.startsWith("V" + version + "__"))
              .findFirst()
              .orElseThrow();
      return MigrationScript.load(MYSQL, name);
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The row Flyway writes for a migration that failed on a database without DDL transactions. */
  private static void writeFailedRow(TestDatabase database, int version) throws Exception {
    MigrationInfo info =
        Stream.of(flyway(database).info().all())
            .filter(i -> i.getVersion() != null && i.getVersion().getVersion().equals("" + version))
            .findFirst()
            .orElseThrow();
    try (Connection connection = database.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO storeplane_schema_history (installed_rank, version, description,"
                    + " type, script, checksum, installed_by, execution_time, success)"
                    + " SELECT MAX(installed_rank) + 1, ?, ?, 'SQL', ?, ?, CURRENT_USER(), 12, 0"
                    + " FROM storeplane_schema_history")) {
      insert.setString(1, "" + version);
      insert.setString(2, info.getDescription());
      insert.setString(3, info.getScript());
      insert.setInt(4, info.getChecksum());
      insert.executeUpdate();
    }
  }

  private static Flyway flyway(TestDatabase database) {
    return Flyway.configure(InterruptedMigrationTest.class.getClassLoader())
        .dataSource(StoreDatabases.dataSource(database))
        .locations(ClientSchema.locations(MYSQL).toArray(String[]::new))
        .table(ClientSchema.historyTable())
        .baselineVersion("0")
        .baselineDescription("before the Storeplane client schema")
        .load();
  }
}
