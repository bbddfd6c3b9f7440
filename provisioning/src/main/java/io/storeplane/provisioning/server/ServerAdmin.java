package io.storeplane.provisioning.server;

import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The DDL a managed server needs, per engine, run on an admin connection. Names are platform names
 * ({@link io.storeplane.provisioning.database.DatabaseNames#requirePlatformName}), quoted as
 * identifiers; passwords and other values are bind parameters. Every operation is idempotent and
 * says whether it changed anything.
 */
public interface ServerAdmin {

  /** The admin for {@code engine}. */
  static ServerAdmin of(DatabaseEngine engine) {
    return engine == DatabaseEngine.POSTGRESQL ? new PostgresServerAdmin() : new MysqlServerAdmin();
  }

  /** The database an admin connects to for server-wide DDL. */
  String maintenanceDatabase();

  /** The server's product and version, e.g. {@code PostgreSQL 15.19 (Debian 15.19-0+deb12u1)}. */
  String version(Connection admin) throws SQLException;

  boolean loginExists(Connection admin, String login) throws SQLException;

  boolean databaseExists(Connection admin, String database) throws SQLException;

  /** Creates the login with this password, or sets the password of an existing one. */
  boolean createOrResetLogin(Connection admin, String login, SecretString password)
      throws SQLException;

  /**
   * Creates the database owned by / granted to {@code login}, reachable by that login only, cloned
   * from {@code template} when given (PostgreSQL only); false when it existed.
   */
  boolean createDatabase(Connection admin, String database, String login, Optional<String> template)
      throws SQLException;

  /** Drops the database, closing its sessions; false when it did not exist. */
  boolean dropDatabase(Connection admin, String database) throws SQLException;

  /** Drops the login; false when it did not exist. */
  boolean dropLogin(Connection admin, String login) throws SQLException;

  /** Stops the login from connecting and ends its sessions. */
  void lockLogin(Connection admin, String login) throws SQLException;

  /** Lets a locked login connect again. */
  void unlockLogin(Connection admin, String login) throws SQLException;
}
