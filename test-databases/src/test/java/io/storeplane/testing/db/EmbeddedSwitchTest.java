package io.storeplane.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code STOREPLANE_TEST_DATABASES=embedded} gives the JVM's embedded servers, whatever runs
 * locally or is configured, so the fallback a machine with only a JDK relies on is proven on every
 * machine.
 */
class EmbeddedSwitchTest {

  /**
   * The switch, with explicit settings pointing where nothing listens: were they contacted, finding
   * the server would fail.
   */
  private static final Function<String, Optional<String>> EMBEDDED =
      settings(
          Map.of(
              TestDatabases.MODE_SETTING,
              "embedded",
              "storeplane.test.pg.url",
              "jdbc:postgresql://127.0.0.1:9/nothing",
              "storeplane.test.mysql.url",
              "jdbc:mysql://127.0.0.1:9/nothing"));

  @ParameterizedTest
  @EnumSource(Engine.class)
  void theSwitchGivesAnEmbeddedServerThatAnswers(Engine engine) throws SQLException {
    TestServer server = TestDatabases.find(engine, EMBEDDED);

    assertThat(server.origin()).startsWith("embedded");
    assertThat(server.host()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isNotIn(5432, 3306, 9);
    try (TestDatabase database = server.createDatabase("embedded");
        Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet version = statement.executeQuery("SELECT VERSION()")) {
      assertThat(version.next()).isTrue();
      if (engine == Engine.MYSQL) {
        assertThat(version.getString(1)).contains("MariaDB");
      } else {
        assertThat(version.getString(1)).startsWith("PostgreSQL");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void theEmbeddedServerStartsOncePerJvm(Engine engine) {
    assertThat(TestDatabases.find(engine, EMBEDDED))
        .isEqualTo(TestDatabases.find(engine, EMBEDDED));
  }

  @Test
  void anUnknownModeIsRefusedWithTheChoices() {
    assertThatThrownBy(
            () ->
                TestDatabases.find(
                    Engine.MYSQL, settings(Map.of(TestDatabases.MODE_SETTING, "embeded"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'embeded'")
        .hasMessageContaining("'embedded'")
        .hasMessageContaining("'auto'");
  }

  private static Function<String, Optional<String>> settings(Map<String, String> values) {
    return key -> Optional.ofNullable(values.get(key));
  }
}
