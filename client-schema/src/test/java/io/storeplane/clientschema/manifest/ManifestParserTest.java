package io.storeplane.clientschema.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.TypeKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The manifest text form parses strictly, with errors that name the line. */
class ManifestParserTest {

  @Test
  void parsesTablesAndColumnsInOrder() {
    Manifest manifest =
        Manifest.parse(
            "test",
            """
            # a comment
            version 3

            table pages   # trailing comment
              id      UUID   NOT NULL
              route   STRING NOT NULL
              layout  STRING NULL
            table tags
              name    STRING NOT NULL
            """);

    assertThat(manifest.version()).isEqualTo(3);
    assertThat(manifest.totalTables()).isEqualTo(2);
    assertThat(manifest.tables().get(0))
        .isEqualTo(
            new TableSpec(
                "pages",
                List.of(
                    new ColumnSpec("id", TypeKind.UUID, false),
                    new ColumnSpec("route", TypeKind.STRING, false),
                    new ColumnSpec("layout", TypeKind.STRING, true))));
    assertThat(manifest.tableNames()).containsExactly("pages", "tags");
  }

  @Test
  void parsesConstraintsAfterATablesColumns() {
    Manifest manifest =
        Manifest.parse(
            "test",
            """
            version 1
            table tags
              id      UUID   NOT NULL
              parent  UUID   NULL
              name    STRING NOT NULL
              primary  pk_tags id
              unique   uq_tags_parent_name parent,name
              foreign  fk_tags_parent parent tags
              check    ck_tags_name name
            """);

    TableSpec tags = manifest.table("tags").orElseThrow();
    assertThat(tags.constraints())
        .containsExactly(
            new ConstraintSpec("tags", "pk_tags", ConstraintSpec.Kind.PRIMARY, List.of("id"), null),
            new ConstraintSpec(
                "tags",
                "uq_tags_parent_name",
                ConstraintSpec.Kind.UNIQUE,
                List.of("parent", "name"),
                null),
            new ConstraintSpec(
                "tags", "fk_tags_parent", ConstraintSpec.Kind.FOREIGN, List.of("parent"), "tags"),
            new ConstraintSpec(
                "tags", "ck_tags_name", ConstraintSpec.Kind.CHECK, List.of("name"), null));
    assertThat(manifest.constraint("uq_tags_parent_name").orElseThrow().columns())
        .containsExactly("parent", "name");
    assertThat(manifest.constraint("uq_other")).isEmpty();
  }

  @Test
  void parsesArrivalsAgainstTheTablesTheyName() {
    Manifest manifest =
        Manifest.parse(
            "test",
            """
            version 2
            arrives not-null lines.sku fill sku via fk_lines_variant
            arrives not-null lines.qty default
            arrives not-null lines.title
            arrives unique uq_lines_sku
            table variants
              id   UUID   NOT NULL
              sku  STRING NOT NULL
              primary  pk_variants id
            table lines
              id          UUID    NOT NULL
              variant_id  UUID    NULL
              sku         STRING  NOT NULL
              qty         INTEGER NOT NULL
              title       STRING  NOT NULL
              primary  pk_lines id
              unique   uq_lines_sku sku,title
              foreign  fk_lines_variant variant_id variants
            """);

    assertThat(manifest.arrivals())
        .containsExactly(
            new Arrival(
                Arrival.Kind.NOT_NULL,
                "lines",
                List.of("sku"),
                Optional.empty(),
                Optional.of(
                    new Arrival.Fill("fk_lines_variant", "sku", "variants", "variant_id", "id")),
                false),
            new Arrival(
                Arrival.Kind.NOT_NULL,
                "lines",
                List.of("qty"),
                Optional.empty(),
                Optional.empty(),
                true),
            new Arrival(
                Arrival.Kind.NOT_NULL,
                "lines",
                List.of("title"),
                Optional.empty(),
                Optional.empty(),
                false),
            new Arrival(
                Arrival.Kind.UNIQUE,
                "lines",
                List.of("sku", "title"),
                Optional.of("uq_lines_sku"),
                Optional.empty(),
                false));
    assertThat(manifest.arrivals().stream().filter(Arrival::checksData).map(Arrival::label))
        .containsExactly("not-null lines.sku", "not-null lines.title", "unique uq_lines_sku");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no version        |table t\\n  id UUID NOT NULL                        |no 'version N' line",
        "bad version       |version x\\ntable t\\n  id UUID NOT NULL            |line 1",
        "column first      |version 1\\n  id UUID NOT NULL                      |line 2",
        "unknown kind      |version 1\\ntable t\\n  id CHAR NOT NULL            |unknown type kind 'CHAR'",
        "other kind        |version 1\\ntable t\\n  id OTHER NULL               |OTHER is not a kind",
        "bad nullability   |version 1\\ntable t\\n  id UUID NOTNULL             |line 3",
        "duplicate column  |version 1\\ntable t\\n  a UUID NULL\\n  a UUID NULL  |column t.a is listed twice",
        "duplicate table   |version 1\\ntable t\\n  a UUID NULL\\ntable t        |table t is listed twice",
        "empty table       |version 1\\ntable t\\ntable u\\n  a UUID NULL        |table t has no columns",
        "no tables         |version 1                                         |no tables",
        "unknown key column|version 1\\ntable t\\n  a UUID NULL\\n  unique uq_t_b b |names no column t.b",
        "column after keys |version 1\\ntable t\\n  a UUID NULL\\n  unique uq_t_a a\\n  b UUID NULL|a column line after the constraints",
        "unknown reference |version 1\\ntable t\\n  a UUID NULL\\n  foreign fk_t_a a nowhere|references no table nowhere",
        "duplicate name    |version 1\\ntable t\\n  a UUID NULL\\n  check ck_t a\\n  check ck_t a|constraint ck_t is listed twice",
        "arrival grammar   |version 1\\narrives nullable t.a\\ntable t\\n  a UUID NOT NULL|line 2",
        "arrival on NULL   |version 1\\narrives not-null t.a\\ntable t\\n  a UUID NULL|no NOT NULL column t.a",
        "arrival no column |version 1\\narrives not-null t.b default\\ntable t\\n  a UUID NOT NULL|no NOT NULL column t.b",
        "arrival no key    |version 1\\narrives unique uq_t_a\\ntable t\\n  a UUID NOT NULL|no unique or primary key uq_t_a",
        "arrival check     |version 1\\narrives unique ck_t\\ntable t\\n  a UUID NOT NULL\\n  check ck_t a|no unique or primary key ck_t",
        "fill no key       |version 1\\narrives not-null t.a fill a via fk_x\\ntable t\\n  a UUID NOT NULL|no one-column foreign key fk_x on t",
        "fill no column    |version 1\\narrives not-null t.a fill z via fk_t\\ntable t\\n  a UUID NOT NULL\\n  p UUID NULL\\n  primary pk_t a\\n  foreign fk_t p t|no column t.z to fill from",
        "arrival twice     |version 1\\narrives unique pk_t\\narrives unique pk_t\\ntable t\\n  a UUID NOT NULL\\n  primary pk_t a|unique pk_t arrives twice",
      })
  void rejectsMalformedText(String why, String text, String message) {
    assertThatThrownBy(() -> Manifest.parse("v9.manifest", text.replace("\\n", "\n")))
        .as(why)
        .isInstanceOfSatisfying(
            ClientSchemaException.class,
            e -> assertThat(e.code()).isEqualTo(ClientSchemaError.MANIFEST_INVALID))
        .hasMessageContaining("v9.manifest")
        .hasMessageContaining(message);
  }
}
