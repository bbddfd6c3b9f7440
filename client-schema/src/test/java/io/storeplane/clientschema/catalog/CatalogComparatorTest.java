package io.storeplane.clientschema.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The comparator reports every kind of difference it is meant to catch, and nothing else. */
class CatalogComparatorTest {

  private static final Catalog BASE = catalog(Dialect.POSTGRESQL, List.of(products(t -> t)));

  @Test
  void equalCatalogsHaveNoDifferences() {
    Catalog other = catalog(Dialect.MYSQL, List.of(products(t -> t)));

    assertThat(CatalogComparator.compare(BASE, other)).isEmpty();
  }

  @Test
  void reportsATableOnOneSideOnly() {
    List<CatalogTable> tables = new ArrayList<>(BASE.tables());
    tables.add(table("gift_cards", List.of(column("id", TypeKind.UUID, false))));

    assertThat(CatalogComparator.compare(BASE, catalog(Dialect.MYSQL, tables)))
        .containsExactly(new CatalogDifference("gift_cards", "table", "absent", "present"));
  }

  @Test
  void reportsAColumnOnOneSideOnlyAndTypeOrNullabilityChanges() {
    Catalog other =
        catalog(
            Dialect.MYSQL,
            List.of(
                products(
                    t ->
                        withColumns(
                            t,
                            List.of(
                                column("id", TypeKind.UUID, false),
                                new CatalogColumn(
                                    "slug", TypeKind.STRING, "varchar(120)", false, 120, 0, 0),
                                new CatalogColumn(
                                    "price", TypeKind.DECIMAL, "decimal(10,2)", true, 0, 10, 2),
                                column("extra", TypeKind.JSON, true))))));

    assertThat(CatalogComparator.compare(BASE, other))
        .containsExactlyInAnyOrder(
            new CatalogDifference(
                "products", "column slug", "STRING(200) NOT NULL", "STRING(120) NOT NULL"),
            new CatalogDifference(
                "products", "column price", "DECIMAL(19,4) NOT NULL", "DECIMAL(10,2) NULL"),
            new CatalogDifference("products", "column extra", "absent", "JSON NULL"),
            new CatalogDifference("products", "column category_id", "UUID NULL", "absent"));
  }

  @Test
  void reportsKeyCheckAndIndexDifferences() {
    Catalog other =
        catalog(
            Dialect.MYSQL,
            List.of(
                products(
                    t ->
                        new CatalogTable(
                            t.name(),
                            t.kind(),
                            t.columns(),
                            List.of("id", "slug"),
                            List.of(),
                            List.of(
                                new ForeignKey(
                                    "fk_products_category",
                                    List.of("category_id"),
                                    "categories",
                                    List.of("id"),
                                    "CASCADE")),
                            List.of(
                                new CatalogIndex("ix_products_price", List.of("slug"), "btree")),
                            Set.of()))));

    assertThat(CatalogComparator.compare(BASE, other))
        .extracting(CatalogDifference::aspect)
        .containsExactlyInAnyOrder(
            "primary key",
            "unique key uq_products_slug",
            "foreign key fk_products_category",
            "index ix_products_price",
            "check ck_products_price");
  }

  @Test
  void treatsNoActionAsRestrictAndIgnoresTextSearchIndexes() {
    Catalog other =
        catalog(
            Dialect.MYSQL,
            List.of(
                products(
                    t ->
                        new CatalogTable(
                            t.name(),
                            t.kind(),
                            t.columns(),
                            t.primaryKey(),
                            t.uniqueKeys(),
                            List.of(
                                new ForeignKey(
                                    "fk_products_category",
                                    List.of("category_id"),
                                    "categories",
                                    List.of("id"),
                                    "NO ACTION")),
                            List.of(
                                new CatalogIndex("ix_products_price", List.of("price"), "btree"),
                                new CatalogIndex("ft_products_slug", List.of("slug"), "fulltext")),
                            t.checks()))));

    assertThat(CatalogComparator.compare(BASE, other)).isEmpty();
  }

  private static Catalog catalog(Dialect dialect, List<CatalogTable> tables) {
    return new Catalog(dialect, "store", tables);
  }

  private static CatalogTable products(UnaryOperator<CatalogTable> change) {
    CatalogTable base =
        new CatalogTable(
            "products",
            RelationKind.TABLE,
            List.of(
                column("id", TypeKind.UUID, false),
                new CatalogColumn("slug", TypeKind.STRING, "varchar(200)", false, 200, 0, 0),
                new CatalogColumn("price", TypeKind.DECIMAL, "numeric(19,4)", false, 0, 19, 4),
                column("category_id", TypeKind.UUID, true)),
            List.of("id"),
            List.of(new UniqueKey("uq_products_slug", List.of("slug"))),
            List.of(
                new ForeignKey(
                    "fk_products_category",
                    List.of("category_id"),
                    "categories",
                    List.of("id"),
                    "RESTRICT")),
            List.of(
                new CatalogIndex("ix_products_price", List.of("price"), "btree"),
                new CatalogIndex("ix_products_title_trgm", List.of("slug"), "gin")),
            Set.of("ck_products_price"));
    return change.apply(base);
  }

  private static CatalogTable withColumns(CatalogTable table, List<CatalogColumn> columns) {
    return new CatalogTable(
        table.name(),
        table.kind(),
        columns,
        table.primaryKey(),
        table.uniqueKeys(),
        table.foreignKeys(),
        table.indexes(),
        table.checks());
  }

  private static CatalogTable table(String name, List<CatalogColumn> columns) {
    return new CatalogTable(
        name,
        RelationKind.TABLE,
        columns,
        List.of("id"),
        List.of(),
        List.of(),
        List.of(),
        Set.of());
  }

  private static CatalogColumn column(String name, TypeKind kind, boolean nullable) {
    return new CatalogColumn(name, kind, kind.name().toLowerCase(), nullable, 0, 0, 0);
  }
}
