package io.storeplane.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestDatabasesTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void createsAUsableDatabaseAndDropsItOnClose(Engine engine)
      throws SQLException, InterruptedException {
    TestServer server = TestDatabases.server(engine);
    String name;
    try (TestDatabase database = server.createDatabase("harness")) {
      name = database.name();
      assertThat(name).startsWith("sptest_harness_");
      try (Connection connection = database.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
        statement.execute("INSERT INTO probe VALUES (1)");
      }
    }
    // on PostgreSQL the drop runs in the background: gone within a minute, however busy
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (databaseExists(server, name) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(databaseExists(server, name)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void dropNowDropsBeforeItReturns(Engine engine) throws SQLException {
    TestServer server = TestDatabases.server(engine);
    TestDatabase database = server.createDatabase("harness");
    database.dropNow();
    assertThat(databaseExists(server, database.name())).isFalse();
    database.close(); // idempotent
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void twoDatabasesNeverShareAName(Engine engine) {
    TestServer server = TestDatabases.server(engine);
    try (TestDatabase first = server.createDatabase("harness");
        TestDatabase second = server.createDatabase("harness")) {
      assertThat(first.name()).isNotEqualTo(second.name());
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void rejectsAPrefixThatIsNotASafeIdentifier(Engine engine) {
    TestServer server = TestDatabases.server(engine);
    assertThatThrownBy(() -> server.createDatabase("x; DROP DATABASE postgres"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
  }

  private static boolean databaseExists(TestServer server, String name) throws SQLException {
    String sql =
        server.engine() == Engine.POSTGRESQL
            ? "SELECT 1 FROM pg_database WHERE datname = ?"
            : "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?";
    try (Connection connection =
            server.connectAdmin(server.engine() == Engine.POSTGRESQL ? "postgres" : "");
        var statement = connection.prepareStatement(sql)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }
}
