package io.storeplane.provisioning.server;

import static io.storeplane.provisioning.database.DatabaseNames.requirePlatformName;

import io.storeplane.master.secret.SecretString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MySQL 8 and MariaDB 10.11: a store login is a user {@code 'name'@'%'} with all privileges on its
 * own schema only. Passwords are bind parameters (Connector/J escapes them client-side).
 */
final class MysqlServerAdmin extends SqlServerAdmin {

  @Override
  public String maintenanceDatabase() {
    return "mysql";
  }

  @Override
  String versionQuery() {
    return "SELECT CONCAT(IF(VERSION() LIKE '%MariaDB%', 'MariaDB ', 'MySQL '), VERSION())";
  }

  @Override
  String loginExistsQuery() {
    return "SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'";
  }

  @Override
  String databaseExistsQuery() {
    return "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";
  }

  @Override
  void setLogin(Connection admin, String login, SecretString password, boolean exists)
      throws SQLException {
    String verb = exists ? "ALTER USER " : "CREATE USER ";
    try (PreparedStatement statement =
        admin.prepareStatement(verb + user(login) + " IDENTIFIED BY ?")) {
      statement.setString(1, password.reveal());
      statement.execute();
    }
  }

  /** MySQL has no template databases: {@code template} is ignored. */
  @Override
  void createNewDatabase(Connection admin, String database, String login, Optional<String> template)
      throws SQLException {
    execute(
        admin,
        "CREATE DATABASE IF NOT EXISTS "
            + schema(database)
            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  }

  /**
   * All privileges on the store's own schema, named exactly: a grant's schema name is a pattern in
   * which {@code _} matches any character, so each is escaped, or the login could see and create
   * every schema its name matches ({@code sp_a_b} also matches {@code spxaxb}).
   */
  @Override
  void grantDatabase(Connection admin, String database, String login) throws SQLException {
    execute(admin, "GRANT ALL PRIVILEGES ON " + grantPattern(database) + ".* TO " + user(login));
  }

  @Override
  String dropDatabaseStatement(String database) {
    return "DROP DATABASE IF EXISTS " + schema(database);
  }

  @Override
  String dropLoginStatement(String login) {
    return "DROP USER IF EXISTS " + user(login);
  }

  @Override
  String loginAccessStatement(String login, boolean allowed) {
    return "ALTER USER " + user(login) + (allowed ? " ACCOUNT UNLOCK" : " ACCOUNT LOCK");
  }

  @Override
  void endSessions(Connection admin, String login) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement statement =
        admin.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?")) {
      statement.setString(1, login);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    for (long id : ids) {
      try (Statement statement = admin.createStatement()) {
        statement.execute("KILL " + id);
      } catch (SQLException gone) {
        // the session ended by itself meanwhile
      }
    }
  }

  private static String user(String login) {
    return "'" + requirePlatformName(login) + "'@'%'";
  }

  private static String schema(String database) {
    return '`' + requirePlatformName(database) + '`';
  }

  /** The schema as a grant names it: platform names have no {@code %}, and {@code _} escaped. */
  static String grantPattern(String database) {
    return '`' + requirePlatformName(database).replace("_", "\\_") + '`';
  }
}
