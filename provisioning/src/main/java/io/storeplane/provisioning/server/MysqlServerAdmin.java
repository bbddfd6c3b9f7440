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
final class MysqlServerAdmin implements ServerAdmin {

  @Override
  public String maintenanceDatabase() {
    return "mysql";
  }

  @Override
  public String version(Connection admin) throws SQLException {
    try (Statement statement = admin.createStatement();
        ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
      rs.next();
      String version = rs.getString(1);
      return version.contains("MariaDB") ? "MariaDB " + version : "MySQL " + version;
    }
  }

  @Override
  public boolean loginExists(Connection admin, String login) throws SQLException {
    return exists(admin, "SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'", login);
  }

  @Override
  public boolean databaseExists(Connection admin, String database) throws SQLException {
    return exists(
        admin, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", database);
  }

  @Override
  public boolean createOrResetLogin(Connection admin, String login, SecretString password)
      throws SQLException {
    requirePlatformName(login);
    boolean exists = loginExists(admin, login);
    String verb = exists ? "ALTER USER " : "CREATE USER ";
    try (PreparedStatement statement =
        admin.prepareStatement(verb + user(login) + " IDENTIFIED BY ?")) {
      statement.setString(1, password.reveal());
      statement.execute();
    }
    return !exists;
  }

  @Override
  public boolean createDatabase(
      Connection admin, String database, String login, Optional<String> template)
      throws SQLException {
    requirePlatformName(database);
    boolean created = !databaseExists(admin, database);
    try (Statement statement = admin.createStatement()) {
      if (created) {
        statement.execute(
            "CREATE DATABASE IF NOT EXISTS "
                + schema(database)
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      }
      statement.execute("GRANT ALL PRIVILEGES ON " + schema(database) + ".* TO " + user(login));
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
      statement.execute("DROP DATABASE IF EXISTS " + schema(database));
    }
    return true;
  }

  @Override
  public boolean dropLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    if (!loginExists(admin, login)) {
      return false;
    }
    kill(admin, login);
    try (Statement statement = admin.createStatement()) {
      statement.execute("DROP USER IF EXISTS " + user(login));
    }
    return true;
  }

  @Override
  public void lockLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    try (Statement statement = admin.createStatement()) {
      statement.execute("ALTER USER " + user(login) + " ACCOUNT LOCK");
    }
    kill(admin, login);
  }

  @Override
  public void unlockLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    try (Statement statement = admin.createStatement()) {
      statement.execute("ALTER USER " + user(login) + " ACCOUNT UNLOCK");
    }
  }

  private static void kill(Connection admin, String login) throws SQLException {
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

  private static boolean exists(Connection admin, String sql, String value) throws SQLException {
    try (PreparedStatement statement = admin.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }
}
