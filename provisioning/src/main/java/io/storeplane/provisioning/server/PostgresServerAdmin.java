package io.storeplane.provisioning.server;

import static io.storeplane.provisioning.database.DatabaseNames.requirePlatformName;

import io.storeplane.master.secret.SecretString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL: a store login is a role that owns its database; CONNECT on the database is revoked
 * from PUBLIC so other stores' roles cannot reach it. Statements with values are built by the
 * server's own {@code format()} with {@code %I} / {@code %L} from bind parameters.
 */
final class PostgresServerAdmin extends SqlServerAdmin {

  @Override
  public String maintenanceDatabase() {
    return "postgres";
  }

  @Override
  String versionQuery() {
    return "SELECT 'PostgreSQL ' || current_setting('server_version')";
  }

  @Override
  String loginExistsQuery() {
    return "SELECT 1 FROM pg_roles WHERE rolname = ?";
  }

  @Override
  String databaseExistsQuery() {
    return "SELECT 1 FROM pg_database WHERE datname = ?";
  }

  @Override
  void setLogin(Connection admin, String login, SecretString password, boolean exists)
      throws SQLException {
    String template =
        exists
            ? "ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L"
            : "CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L";
    executeFormatted(admin, template, login, password.reveal());
  }

  @Override
  void createNewDatabase(Connection admin, String database, String login, Optional<String> template)
      throws SQLException {
    String sql =
        template.isPresent()
            ? "CREATE DATABASE %I OWNER %I TEMPLATE " + quoted(template.get())
            : "CREATE DATABASE %I OWNER %I";
    executeFormatted(admin, sql, database, login);
  }

  @Override
  void grantDatabase(Connection admin, String database, String login) throws SQLException {
    execute(
        admin,
        "REVOKE ALL ON DATABASE " + quoted(database) + " FROM PUBLIC",
        "GRANT CONNECT, TEMPORARY ON DATABASE " + quoted(database) + " TO " + quoted(login));
  }

  @Override
  String dropDatabaseStatement(String database) {
    return "DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)";
  }

  @Override
  String dropLoginStatement(String login) {
    return "DROP ROLE IF EXISTS " + quoted(login);
  }

  @Override
  String loginAccessStatement(String login, boolean allowed) {
    return "ALTER ROLE " + quoted(login) + (allowed ? " LOGIN" : " NOLOGIN");
  }

  @Override
  void endSessions(Connection admin, String login) throws SQLException {
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
    execute(admin, sql);
  }
}
