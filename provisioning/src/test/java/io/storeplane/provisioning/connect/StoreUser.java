package io.storeplane.provisioning.connect;

import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A second login for a test database, to rotate a store's credentials to; dropped on close. */
final class StoreUser implements AutoCloseable {

  private static final List<String> MYSQL_HOSTS = List.of("%", "localhost", "127.0.0.1");

  private final TestDatabase database;
  private final String name;

  private StoreUser(TestDatabase database, String name) {
    this.database = database;
    this.name = name;
  }

  static StoreUser create(TestDatabase database, String name, String password) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      if (postgres(database)) {
        statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
        statement.execute("GRANT CONNECT ON DATABASE " + database.name() + " TO " + name);
      } else {
        for (String host : MYSQL_HOSTS) {
          statement.execute(
              "CREATE USER '%s'@'%s' IDENTIFIED BY '%s'".formatted(name, host, password));
          statement.execute(
              "GRANT ALL ON `%s`.* TO '%s'@'%s'".formatted(database.name(), name, host));
        }
      }
    }
    return new StoreUser(database, name);
  }

  @Override
  public void close() throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      if (postgres(database)) {
        statement.execute("REVOKE CONNECT ON DATABASE " + database.name() + " FROM " + name);
        statement.execute("DROP ROLE IF EXISTS " + name);
      } else {
        for (String host : MYSQL_HOSTS) {
          statement.execute("DROP USER IF EXISTS '%s'@'%s'".formatted(name, host));
        }
      }
    }
  }

  private static boolean postgres(TestDatabase database) {
    return database.server().engine() == Engine.POSTGRESQL;
  }
}
