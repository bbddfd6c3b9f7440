package io.storeplane.provisioning.server;

import static io.storeplane.provisioning.database.DatabaseNames.requirePlatformName;

import io.storeplane.master.secret.SecretString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * PostgreSQL: a store login is a role that owns its database; CONNECT on the database is revoked
 * from PUBLIC so other stores' roles cannot reach it. Statements with values are built by the
 * server's own {@code format()} with {@code %I} / {@code %L} from bind parameters.
 */
final class PostgresServerAdmin implements ServerAdmin {

  @Override
  public String maintenanceDatabase() {
    return "postgres";
  }

  @Override
  public String version(Connection admin) throws SQLException {
    return "PostgreSQL " + one(admin, "SHOW server_version");
  }

  @Override
  public boolean loginExists(Connection admin, String login) throws SQLException {
    return exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", login);
  }

  @Override
  public boolean databaseExists(Connection admin, String database) throws SQLException {
    return exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database);
  }

  @Override
  public boolean createOrResetLogin(Connection admin, String login, SecretString password)
      throws SQLException {
    requirePlatformName(login);
    boolean exists = loginExists(admin, login);
    String template =
        exists
            ? "ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L"
            : "CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L";
    executeFormatted(admin, template, login, password.reveal());
    return !exists;
  }

  @Override
  public boolean createDatabase(
      Connection admin, String database, String login, Optional<String> template)
      throws SQLException {
    requirePlatformName(database);
    requirePlatformName(login);
    boolean created = false;
    if (!databaseExists(admin, database)) {
      String sql =
          template.isPresent()
              ? "CREATE DATABASE %I OWNER %I TEMPLATE " + quoted(template.get())
              : "CREATE DATABASE %I OWNER %I";
      executeFormatted(admin, sql, database, login);
      created = true;
    }
    try (Statement statement = admin.createStatement()) {
      statement.execute("REVOKE ALL ON DATABASE " + quoted(database) + " FROM PUBLIC");
      statement.execute(
          "GRANT CONNECT, TEMPORARY ON DATABASE " + quoted(database) + " TO " + quoted(login));
    }
    return created;
  }

  @Override
  public boolean dropDatabase(Connection admin, String database) throws SQLException {
    requirePlatformName(database);
    if (!databaseExists(admin, database)) {
      return false;
    }
    try (Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
    }
    return true;
  }

  @Override
  public boolean dropLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    if (!loginExists(admin, login)) {
      return false;
    }
    terminate(admin, login);
    try (Statement statement = admin.createStatement()) {
      statement.execute("DROP ROLE IF EXISTS " + quoted(login));
    }
    return true;
  }

  @Override
  public void lockLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    try (Statement statement = admin.createStatement()) {
      statement.execute("ALTER ROLE " + quoted(login) + " NOLOGIN");
    }
    terminate(admin, login);
  }

  @Override
  public void unlockLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    try (Statement statement = admin.createStatement()) {
      statement.execute("ALTER ROLE " + quoted(login) + " LOGIN");
    }
  }

  private static void terminate(Connection admin, String login) throws SQLException {
    try (PreparedStatement statement =
        admin.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
      statement.setString(1, login);
      statement.executeQuery().close();
    }
  }

  private static String quoted(String platformName) {
    return '"' + requirePlatformName(platformName) + '"';
  }

  private static void executeFormatted(Connection admin, String template, String... values)
      throws SQLException {
    StringBuilder call = new StringBuilder("SELECT format(?");
    for (int i = 0; i < values.length; i++) {
      call.append(", ?");
    }
    call.append(')');
    String sql;
    try (PreparedStatement format = admin.prepareStatement(call.toString())) {
      format.setString(1, template);
      for (int i = 0; i < values.length; i++) {
        format.setString(i + 2, values[i]);
      }
      try (ResultSet rs = format.executeQuery()) {
        rs.next();
        sql = rs.getString(1);
      }
    }
    try (Statement statement = admin.createStatement()) {
      statement.execute(sql);
    }
  }

  private static boolean exists(Connection admin, String sql, String value) throws SQLException {
    try (PreparedStatement statement = admin.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String one(Connection admin, String sql) throws SQLException {
    try (Statement statement = admin.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
