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
 * The flow every {@link ServerAdmin} follows, once: names are checked ({@code requirePlatformName})
 * before any statement, existence is asked before creating or dropping, a login's sessions end
 * after it is locked and before it is dropped. Each engine supplies only its catalog queries and
 * its DDL.
 */
abstract class SqlServerAdmin implements ServerAdmin {

  /** The query answering the server's product and version in one text column. */
  abstract String versionQuery();

  /** A query with one bind parameter, the login, that returns a row when the login exists. */
  abstract String loginExistsQuery();

  /** A query with one bind parameter, the database, that returns a row when it exists. */
  abstract String databaseExistsQuery();

  /** Creates the login with this password ({@code exists} false) or sets its password. */
  abstract void setLogin(Connection admin, String login, SecretString password, boolean exists)
      throws SQLException;

  /** Creates the database, which does not exist yet, for {@code login}. */
  abstract void createNewDatabase(
      Connection admin, String database, String login, Optional<String> template)
      throws SQLException;

  /** Gives {@code login}, and only it, access to the database (run whether created now or not). */
  abstract void grantDatabase(Connection admin, String database, String login) throws SQLException;

  /** Drops the existing database, closing its sessions. */
  abstract String dropDatabaseStatement(String database);

  abstract String dropLoginStatement(String login);

  /** Lets the login connect ({@code allowed}) or stops it from connecting. */
  abstract String loginAccessStatement(String login, boolean allowed);

  /** Ends every session of the login. */
  abstract void endSessions(Connection admin, String login) throws SQLException;

  @Override
  public final String version(Connection admin) throws SQLException {
    try (Statement statement = admin.createStatement();
        ResultSet rs = statement.executeQuery(versionQuery())) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public final boolean loginExists(Connection admin, String login) throws SQLException {
    return exists(admin, loginExistsQuery(), login);
  }

  @Override
  public final boolean databaseExists(Connection admin, String database) throws SQLException {
    return exists(admin, databaseExistsQuery(), database);
  }

  @Override
  public final boolean createOrResetLogin(Connection admin, String login, SecretString password)
      throws SQLException {
    requirePlatformName(login);
    boolean exists = loginExists(admin, login);
    setLogin(admin, login, password, exists);
    return !exists;
  }

  @Override
  public final boolean createDatabase(
      Connection admin, String database, String login, Optional<String> template)
      throws SQLException {
    requirePlatformName(database);
    requirePlatformName(login);
    boolean created = !databaseExists(admin, database);
    if (created) {
      createNewDatabase(admin, database, login, template);
    }
    grantDatabase(admin, database, login);
    return created;
  }

  @Override
  public final boolean dropDatabase(Connection admin, String database) throws SQLException {
    requirePlatformName(database);
    return databaseExists(admin, database) && dropped(admin, dropDatabaseStatement(database));
  }

  @Override
  public final boolean dropLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    if (!loginExists(admin, login)) {
      return false;
    }
    endSessions(admin, login);
    return dropped(admin, dropLoginStatement(login));
  }

  @Override
  public final void lockLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    execute(admin, loginAccessStatement(login, false));
    endSessions(admin, login);
  }

  @Override
  public final void unlockLogin(Connection admin, String login) throws SQLException {
    requirePlatformName(login);
    execute(admin, loginAccessStatement(login, true));
  }

  /** Runs the drop statement; true, for the callers that drop only what exists. */
  private static boolean dropped(Connection admin, String drop) throws SQLException {
    execute(admin, drop);
    return true;
  }

  /** Runs statements without bind parameters, in order, on one statement object. */
  static void execute(Connection admin, String... sql) throws SQLException {
    try (Statement statement = admin.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
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
}
