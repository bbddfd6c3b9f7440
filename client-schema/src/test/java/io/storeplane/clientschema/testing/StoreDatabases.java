package io.storeplane.clientschema.testing;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small helpers over the shared test-databases harness for store-database tests. */
public final class StoreDatabases {

  private StoreDatabases() {}

  /** A fresh, empty database on {@code engine}'s test server; close it to drop it. */
  public static TestDatabase create(Engine engine, String prefix) {
    return TestDatabases.server(engine).createDatabase(prefix);
  }

  /** The client-schema dialect for a harness engine. */
  public static Dialect dialect(Engine engine) {
    return engine == Engine.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
  }

  /** A migrator for {@code database}. */
  public static ClientSchemaMigrator migrator(TestDatabase database) {
    return new ClientSchemaMigrator(dataSource(database), dialect(database.server().engine()));
  }

  /** The catalog of {@code database}'s current schema. */
  public static Catalog inspect(TestDatabase database) throws SQLException {
    try (Connection connection = database.connect()) {
      return CatalogInspector.inspect(connection, dialect(database.server().engine()));
    }
  }

  /** Runs each statement on its own. */
  public static void execute(TestDatabase database, String... statements) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The rows {@code sql} returns, each as its column values joined by {@code |}. */
  public static List<String> rows(TestDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> result = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(rows.getString(i));
        }
        result.add(String.join("|", values));
      }
      return result;
    }
  }

  /** A {@link DataSource} handing out new connections to {@code database}. */
  public static DataSource dataSource(TestDatabase database) {
    return new FixedLoginDataSource("Test database " + database.name()) {
      @Override
      public Connection getConnection() throws SQLException {
        return database.connect();
      }
    };
  }
}
