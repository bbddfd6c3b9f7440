package io.storeplane.clientschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.testing.MigrationFiles;
import io.storeplane.clientschema.version.ClientSchema;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The facade's facts agree with the migration files that ship. */
class ClientSchemaTest {

  private static final Pattern MIGRATION = Pattern.compile("V([0-9]+)__[a-z0-9_]+\\.sql");

  @Test
  void describesTheCurrentVersionAndHistoryTable() {
    assertThat(ClientSchema.currentVersion()).isEqualTo(4);
    assertThat(ClientSchema.versions()).containsExactly(1, 2, 3, 4);
    assertThat(ClientSchema.historyTable()).isEqualTo("storeplane_schema_history");
    assertThat(ClientSchema.locations(Dialect.POSTGRESQL))
        .containsExactly("classpath:db/client/postgresql");
    assertThat(ClientSchema.locations(Dialect.MYSQL)).containsExactly("classpath:db/client/mysql");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void eachDialectShipsExactlyOneMigrationPerVersion(Dialect dialect) throws Exception {
    List<String> files = MigrationFiles.names(dialect);

    assertThat(files).allMatch(name -> MIGRATION.matcher(name).matches());
    assertThat(files.stream().map(ClientSchemaTest::version).sorted().toList())
        .isEqualTo(ClientSchema.versions());
  }

  @Test
  void bothDialectsNameTheirMigrationsAlike() throws Exception {
    assertThat(MigrationFiles.names(Dialect.MYSQL))
        .isEqualTo(MigrationFiles.names(Dialect.POSTGRESQL));
  }

  @Test
  void knowsEachVersionsScript() throws Exception {
    assertThat(ClientSchema.versions().stream().map(ClientSchema::script).toList())
        .isEqualTo(MigrationFiles.names(Dialect.POSTGRESQL));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 5})
  void unknownVersionsAreRefused(int version) {
    assertThatThrownBy(() -> ClientSchema.manifest(version))
        .isInstanceOfSatisfying(
            ClientSchemaException.class,
            e -> assertThat(e.code()).isEqualTo(ClientSchemaError.UNKNOWN_SCHEMA_VERSION))
        .hasMessageContaining("versions are 1 to 4");
  }

  private static int version(String file) {
    Matcher matcher = MIGRATION.matcher(file);
    assertThat(matcher.matches()).isTrue();
    return Integer.parseInt(matcher.group(1));
  }
}
