package io.storeplane.clientschema.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogColumn;
import io.storeplane.clientschema.catalog.CatalogTable;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifest of every version equals the catalog both dialects really have at that version. */
class ManifestTest {

  static Stream<Arguments> enginesAndVersions() {
    return Stream.of(Engine.values())
        .flatMap(e -> ClientSchema.versions().stream().map(v -> Arguments.of(e, v)));
  }

  @ParameterizedTest(name = "{0} at version {1}")
  @MethodSource("enginesAndVersions")
  void manifestEqualsTheMigratedCatalog(Engine engine, int version) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "manifest")) {
      StoreDatabases.migrator(database).migrateTo(version);
      Catalog catalog =
          StoreDatabases.inspect(database).without(Set.of(ClientSchema.historyTable()));
      Manifest manifest = ClientSchema.manifest(version);

      assertThat(catalog.tableNames()).containsExactlyInAnyOrderElementsOf(manifest.tableNames());
      for (TableSpec spec : manifest.tables()) {
        CatalogTable table = catalog.table(spec.name()).orElseThrow();
        assertThat(table.columns().stream().map(this::asSpec).toList())
            .as("columns of %s in %s", spec.name(), engine)
            .containsExactlyElementsOf(spec.columns());
        assertThat(
                spec.constraints(ConstraintSpec.Kind.PRIMARY).stream()
                    .map(ConstraintSpec::columns)
                    .toList())
            .as("primary key of %s in %s", spec.name(), engine)
            .containsExactly(table.primaryKey());
        assertThat(
                spec.constraints(ConstraintSpec.Kind.UNIQUE).stream()
                    .map(c -> c.name() + " " + c.columns())
                    .toList())
            .as("unique keys of %s in %s", spec.name(), engine)
            .containsExactlyInAnyOrderElementsOf(
                table.uniqueKeys().stream().map(k -> k.name() + " " + k.columns()).toList());
        assertThat(
                spec.constraints(ConstraintSpec.Kind.FOREIGN).stream()
                    .map(c -> c.name() + " " + c.columns() + " " + c.referencedTable())
                    .toList())
            .as("foreign keys of %s in %s", spec.name(), engine)
            .containsExactlyInAnyOrderElementsOf(
                table.foreignKeys().stream()
                    .map(k -> k.name() + " " + k.columns() + " " + k.referencedTable())
                    .toList());
        assertThat(spec.constraints(ConstraintSpec.Kind.CHECK).stream().map(ConstraintSpec::name))
            .as("checks of %s in %s", spec.name(), engine)
            .containsExactlyInAnyOrderElementsOf(table.checks());
      }
      assertThat(manifest.clashesWith(catalog)).isEmpty();
      assertThat(manifest.presentIn(catalog)).hasSize(manifest.totalTables());
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void progressCountsTheTablesOfTheNewerManifestAlreadyThere(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "manifest")) {
      StoreDatabases.migrator(database).migrateTo(1);
      Catalog catalog = StoreDatabases.inspect(database);
      Manifest current = ClientSchema.manifest(2);

      assertThat(current.presentIn(catalog)).hasSize(ClientSchema.manifest(1).totalTables());
      assertThat(current.totalTables()).isEqualTo(ClientSchema.manifest(1).totalTables() + 1);
      assertThat(current.tableNames()).contains("product_reviews");
      assertThat(current.presentIn(catalog)).doesNotContain("product_reviews");
    }
  }

  @Test
  void everyVersionHasAManifestOfThatVersion() {
    for (int version : ClientSchema.versions()) {
      assertThat(ClientSchema.manifest(version).version()).isEqualTo(version);
    }
    assertThat(ClientSchema.manifest()).isEqualTo(ClientSchema.manifest(4));
    assertThat(ClientSchema.manifest().tableNames())
        .containsAll(
            List.of(
                "products",
                "categories",
                "customers",
                "orders",
                "order_items",
                "inventory",
                "attributes",
                "prices",
                "discounts",
                "cms_pages",
                "media_library",
                "seo_settings",
                "product_options",
                "product_variants",
                "carts",
                "cart_items",
                "inventory_locations",
                "inventory_transactions",
                "store_settings",
                "payment_gateways",
                "couriers",
                "pages",
                "ab_tests",
                "analytics_events",
                "product_reviews"));
  }

  private ColumnSpec asSpec(CatalogColumn column) {
    return new ColumnSpec(column.name(), column.kind(), column.nullable());
  }
}
