package io.storeplane.clientschema.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.TypeKind;
import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogColumn;
import io.storeplane.clientschema.catalog.CatalogTable;
import io.storeplane.clientschema.catalog.RelationKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Clash rules: another shape clashes; the same shape and unrelated tables do not. */
class ManifestClashTest {

  private static final Manifest MANIFEST =
      new Manifest(
          1,
          List.of(
              new TableSpec(
                  "pages",
                  List.of(
                      new ColumnSpec("id", TypeKind.UUID, false),
                      new ColumnSpec("route", TypeKind.STRING, false),
                      new ColumnSpec("sections", TypeKind.JSON, false))),
              new TableSpec("tags", List.of(new ColumnSpec("name", TypeKind.STRING, false)))));

  @Test
  void theSameShapeAndUnrelatedTablesAreNoClash() {
    Catalog catalog =
        catalog(
            table(
                "pages",
                col("id", TypeKind.UUID, false),
                col("route", TypeKind.STRING, false),
                col("sections", TypeKind.JSON, false)),
            table("customer_notes", col("id", TypeKind.INTEGER, false)));

    assertThat(MANIFEST.clashesWith(catalog)).isEmpty();
    assertThat(MANIFEST.presentIn(catalog)).containsExactly("pages");
  }

  @Test
  void reportsMissingUnexpectedAndDifferentColumns() {
    Catalog catalog =
        catalog(
            table(
                "pages",
                col("id", TypeKind.INTEGER, false),
                col("route", TypeKind.STRING, true),
                col("legacy", TypeKind.TEXT, true)));

    List<Clash> clashes = MANIFEST.clashesWith(catalog);

    assertThat(clashes).hasSize(1);
    assertThat(clashes.get(0).table()).isEqualTo("pages");
    assertThat(clashes.get(0).differences())
        .containsExactly(
            "column id is INTEGER NOT NULL (integer), needs UUID NOT NULL",
            "column route is STRING NULL (string), needs STRING NOT NULL",
            "missing column sections (JSON NOT NULL)",
            "unexpected column legacy (text)");
    assertThat(clashes.get(0).message())
        .startsWith("table pages already exists with another shape: column id is INTEGER");
  }

  @Test
  void aViewWithATablesNameClashes() {
    CatalogTable view =
        new CatalogTable(
            "tags",
            RelationKind.VIEW,
            List.of(col("name", TypeKind.STRING, false)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Set.of());

    assertThat(MANIFEST.clashesWith(catalog(view)))
        .containsExactly(new Clash("tags", List.of("it is a view or other relation, not a table")));
    assertThat(MANIFEST.presentIn(catalog(view))).isEmpty();
  }

  private static Catalog catalog(CatalogTable... tables) {
    return new Catalog(Dialect.POSTGRESQL, "public", List.of(tables));
  }

  private static CatalogTable table(String name, CatalogColumn... columns) {
    return new CatalogTable(
        name,
        RelationKind.TABLE,
        List.of(columns),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Set.of());
  }

  private static CatalogColumn col(String name, TypeKind kind, boolean nullable) {
    return new CatalogColumn(name, kind, kind.name().toLowerCase(), nullable, 0, 0, 0);
  }
}
