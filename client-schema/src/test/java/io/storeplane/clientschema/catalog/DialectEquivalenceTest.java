package io.storeplane.clientschema.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fresh PostgreSQL and a fresh MariaDB database migrated to the same version have the same
 * catalog: tables, columns (portable type and nullability), keys, CHECK names and plain indexes.
 */
class DialectEquivalenceTest {

  static List<Integer> versions() {
    return ClientSchema.versions();
  }

  @ParameterizedTest(name = "version {0}")
  @MethodSource("versions")
  void bothDialectsHaveTheSameCatalog(int version) throws Exception {
    try (TestDatabase postgres = StoreDatabases.create(Engine.POSTGRESQL, "equivalence");
        TestDatabase mysql = StoreDatabases.create(Engine.MYSQL, "equivalence")) {
      StoreDatabases.migrator(postgres).migrateTo(version);
      StoreDatabases.migrator(mysql).migrateTo(version);

      Catalog left = ours(postgres);
      Catalog right = ours(mysql);

      assertThat(CatalogComparator.compare(left, right)).isEmpty();
      assertThat(left.tables()).hasSize(ClientSchema.manifest(version).totalTables());
    }
  }

  @Test
  void aTableAddedToOneDialectOnlyIsReported() throws Exception {
    try (TestDatabase postgres = StoreDatabases.create(Engine.POSTGRESQL, "equivalence");
        TestDatabase mysql = StoreDatabases.create(Engine.MYSQL, "equivalence")) {
      StoreDatabases.migrator(postgres).migrate();
      StoreDatabases.migrator(mysql).migrate();
      StoreDatabases.execute(
          postgres,
          "CREATE TABLE gift_cards (id UUID NOT NULL PRIMARY KEY, code VARCHAR(40) NOT NULL)");
      StoreDatabases.execute(mysql, "ALTER TABLE customers ADD COLUMN nickname VARCHAR(40) NULL");

      List<CatalogDifference> differences = CatalogComparator.compare(ours(postgres), ours(mysql));

      assertThat(differences)
          .containsExactlyInAnyOrder(
              new CatalogDifference("gift_cards", "table", "present", CatalogDifference.ABSENT),
              new CatalogDifference(
                  "customers", "column nickname", CatalogDifference.ABSENT, "STRING(40) NULL"));
    }
  }

  @Test
  void textSearchIndexesAreDialectSpecificAndPresent() throws Exception {
    try (TestDatabase postgres = StoreDatabases.create(Engine.POSTGRESQL, "equivalence");
        TestDatabase mysql = StoreDatabases.create(Engine.MYSQL, "equivalence")) {
      StoreDatabases.migrator(postgres).migrate();
      StoreDatabases.migrator(mysql).migrate();

      assertThat(StoreDatabases.inspect(postgres).table("products").orElseThrow().indexes())
          .contains(new CatalogIndex("ix_products_title_trgm", List.of("title"), "gin"));
      assertThat(StoreDatabases.inspect(mysql).table("products").orElseThrow().indexes())
          .contains(new CatalogIndex("ft_products_title", List.of("title"), "fulltext"));
    }
  }

  @Test
  void postgresUsesPgTrgmWhereSupabaseKeepsIt() throws Exception {
    try (TestDatabase postgres = StoreDatabases.create(Engine.POSTGRESQL, "equivalence")) {
      StoreDatabases.execute(
          postgres, "CREATE SCHEMA extensions", "CREATE EXTENSION pg_trgm SCHEMA extensions");

      StoreDatabases.migrator(postgres).migrate();

      assertThat(
              StoreDatabases.rows(
                  postgres,
                  "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_products_title_trgm'"))
          .singleElement()
          .asString()
          .contains("extensions.gin_trgm_ops");
      assertThat(
              StoreDatabases.rows(
                  postgres,
                  "SELECT n.nspname FROM pg_extension e"
                      + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"))
          .containsExactly("extensions");
    }
  }

  /** The catalog without Flyway's history table, whose shape Flyway decides per engine. */
  private static Catalog ours(TestDatabase database) throws Exception {
    return StoreDatabases.inspect(database).without(Set.of(ClientSchema.historyTable()));
  }
}
