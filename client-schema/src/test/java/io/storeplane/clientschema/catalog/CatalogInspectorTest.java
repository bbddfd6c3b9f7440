package io.storeplane.clientschema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.TypeKind;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The inspector maps each engine's native types and keys onto the neutral catalog. */
class CatalogInspectorTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void mapsNativeTypesToKinds(Engine engine) throws Exception {
    boolean pg = engine == Engine.POSTGRESQL;
    try (TestDatabase database = StoreDatabases.create(engine, "inspector")) {
      StoreDatabases.execute(
          database,
          "CREATE TABLE sample ("
              + (pg ? "id UUID NOT NULL" : "id CHAR(36) CHARACTER SET ascii NOT NULL")
              + ", code CHAR(36) NULL, name VARCHAR(80) NOT NULL, body TEXT NULL,"
              + " qty INTEGER NOT NULL, big BIGINT NULL, price DECIMAL(12, 3) NOT NULL,"
              + " flag BOOLEAN NOT NULL, day DATE NULL, doc "
              + (pg ? "JSONB" : "JSON")
              + " NULL, at_time "
              + (pg ? "TIMESTAMPTZ(3)" : "DATETIME(3)")
              + " NOT NULL, odd "
              + (pg ? "TIMESTAMP" : "TIMESTAMP NULL")
              + ", PRIMARY KEY (id))");

      CatalogTable sample = StoreDatabases.inspect(database).table("sample").orElseThrow();

      assertThat(sample.columns())
          .extracting(CatalogColumn::name, CatalogColumn::describe)
          .containsExactly(
              tuple("id", "UUID NOT NULL"),
              tuple("code", "STRING(36) NULL"),
              tuple("name", "STRING(80) NOT NULL"),
              tuple("body", "TEXT NULL"),
              tuple("qty", "INTEGER NOT NULL"),
              tuple("big", "BIGINT NULL"),
              tuple("price", "DECIMAL(12,3) NOT NULL"),
              tuple("flag", "BOOLEAN NOT NULL"),
              tuple("day", "DATE NULL"),
              tuple("doc", "JSON NULL"),
              tuple("at_time", "TIMESTAMP(3) NOT NULL"),
              tuple(
                  "odd", pg ? "OTHER(timestamp without time zone) NULL" : "OTHER(timestamp) NULL"));
      assertThat(sample.primaryKey()).containsExactly("id");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void readsKeysIndexesChecksAndViews(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "inspector")) {
      StoreDatabases.execute(
          database,
          "CREATE TABLE parent (id INTEGER NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL,"
              + " PRIMARY KEY (id), CONSTRAINT uq_parent_ab UNIQUE (a, b))",
          "CREATE TABLE child (id INTEGER NOT NULL, parent_id INTEGER NULL, n INTEGER NOT NULL,"
              + " PRIMARY KEY (id),"
              + " CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)"
              + " ON DELETE SET NULL,"
              + " CONSTRAINT ck_child_n CHECK (n > 0))",
          "CREATE INDEX ix_child_parent_n ON child (parent_id, n)",
          "CREATE VIEW child_view AS SELECT id, n FROM child");

      Catalog catalog = StoreDatabases.inspect(database);
      CatalogTable parent = catalog.table("parent").orElseThrow();
      CatalogTable child = catalog.table("child").orElseThrow();

      assertThat(parent.uniqueKeys())
          .containsExactly(new UniqueKey("uq_parent_ab", List.of("a", "b")));
      assertThat(child.foreignKeys())
          .containsExactly(
              new ForeignKey(
                  "fk_child_parent", List.of("parent_id"), "parent", List.of("id"), "SET NULL"));
      assertThat(child.indexes())
          .containsExactly(
              new CatalogIndex("ix_child_parent_n", List.of("parent_id", "n"), "btree"));
      assertThat(child.checks()).containsExactly("ck_child_n");
      assertThat(catalog.table("child_view").orElseThrow().kind()).isEqualTo(RelationKind.VIEW);
      assertThat(parent.kind()).isEqualTo(RelationKind.TABLE);
    }
  }

  @Test
  void postgresReadsOnlyTheCurrentSchema() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.POSTGRESQL, "inspector")) {
      StoreDatabases.execute(
          database,
          "CREATE SCHEMA other",
          "CREATE TABLE other.elsewhere (id INTEGER)",
          "CREATE TABLE here (id INTEGER)");

      Catalog catalog = StoreDatabases.inspect(database);

      assertThat(catalog.schema()).isEqualTo("public");
      assertThat(catalog.tableNames()).containsExactly("here");
    }
  }

  @Test
  void mysqlReadsOnlyTheCurrentDatabaseAndTellsJsonFromLongtext() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.MYSQL, "inspector");
        TestDatabase other = StoreDatabases.create(Engine.MYSQL, "inspector")) {
      StoreDatabases.execute(other, "CREATE TABLE elsewhere (id INTEGER)");
      StoreDatabases.execute(
          database,
          "CREATE TABLE docs (doc JSON NOT NULL, notes LONGTEXT NULL, n INTEGER NULL,"
              + " CONSTRAINT ck_docs_n CHECK (n > 0))");

      Catalog catalog = StoreDatabases.inspect(database);
      CatalogTable docs = catalog.table("docs").orElseThrow();

      assertThat(catalog.schema()).isEqualTo(database.name());
      assertThat(catalog.tableNames()).containsExactly("docs");
      assertThat(docs.column("doc").orElseThrow().kind()).isEqualTo(TypeKind.JSON);
      assertThat(docs.column("notes").orElseThrow().kind()).isEqualTo(TypeKind.TEXT);
      assertThat(docs.checks()).containsExactly("ck_docs_n");
    }
  }

  @Test
  void aPostgresqlCatalogReadThroughAnotherChannelEqualsTheJdbcOne() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.POSTGRESQL, "inspector")) {
      StoreDatabases.migrator(database).migrate();
      StoreDatabases.execute(
          database,
          "CREATE TABLE extra (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (b, a))",
          "CREATE INDEX ix_extra_expr ON extra (lower(b), a)",
          "CREATE VIEW extra_view AS SELECT a FROM extra");
      Catalog jdbc = StoreDatabases.inspect(database);

      try (Connection connection = database.connect()) {
        Catalog asText = CatalogInspector.inspectPostgresql(textOnly(connection));

        assertThat(asText).isEqualTo(jdbc);
      }
      CatalogTable extra = jdbc.table("extra").orElseThrow();
      assertThat(extra.primaryKey()).containsExactly("b", "a");
      assertThat(extra.indexes())
          .containsExactly(
              new CatalogIndex("ix_extra_expr", List.of("(expression)", "a"), "btree"));
      assertThat(jdbc.table("products").orElseThrow().foreignKeys()).isNotEmpty();
    }
  }

  @Test
  void aRowOfTheWrongShapeIsAnInspectionFailure() {
    CatalogRows broken =
        sql ->
            sql.contains("schema_name")
                ? List.of(Map.of("schema_name", "public"))
                : sql.contains("relkind IN")
                    ? List.of(Map.of("table_name", "t", "kind", "r"))
                    : sql.contains("attnotnull")
                        ? List.of(
                            Map.of(
                                "table_name", "t",
                                "column_name", "c",
                                "not_null", "maybe",
                                "type_name", "int4",
                                "type_modifier", -1,
                                "native_type", "integer"))
                        : List.of();

    assertThatThrownBy(() -> CatalogInspector.inspectPostgresql(broken))
        .isInstanceOf(ClientSchemaException.class)
        .hasMessageContaining("not_null")
        .extracting(e -> ((ClientSchemaException) e).code())
        .isEqualTo(ClientSchemaError.CATALOG_INSPECTION_FAILED);
  }

  /**
   * JDBC rows with every value as text, booleans as {@code t}/{@code f}: what a channel that sends
   * everything as strings would hand the reader.
   */
  private static CatalogRows textOnly(Connection connection) {
    CatalogRows jdbc = new JdbcCatalogRows(connection);
    return sql -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> row : jdbc.query(sql)) {
        Map<String, Object> copy = new LinkedHashMap<>();
        row.forEach(
            (k, v) -> copy.put(k, v instanceof Boolean b ? (b ? "t" : "f") : String.valueOf(v)));
        out.add(copy);
      }
      return out;
    };
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
