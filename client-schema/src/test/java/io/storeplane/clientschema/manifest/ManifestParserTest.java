package io.storeplane.clientschema.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.TypeKind;
import java.util.List;
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
