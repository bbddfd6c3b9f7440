package io.storeplane.provisioning.server;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.database.DatabaseNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The fast path for managed PostgreSQL: one template database per server at the current client
 * schema version ({@code sp_template_v<N>}), from which a store database is cloned with {@code
 * CREATE DATABASE ... TEMPLATE}. Flyway migrates it as the NOLOGIN role {@value #OWNER}, and the
 * build then gives every object to {@code pg_database_owner}, the role whose one member is the
 * owner of the database it is used in: a clone made {@code OWNER <store login>} is the store's,
 * objects and all, with no connection into it.
 *
 * <p>A template is built under a name of its own and renamed only when complete, so a half-built
 * one is never cloned; the build holds a PostgreSQL advisory lock, so one instance builds while the
 * others keep using Flyway. When the schema version changes, the new template is built and the old
 * ones dropped. With {@code storeplane.provisioning.template.enabled=false} no template is ever
 * cloned, even one that exists (built earlier, or by an instance where templates are on).
 */
@ApplicationScoped
public class TemplateDatabases {

  /** The role that owns template objects. */
  public static final String OWNER = "sp_template_owner";

  private static final Logger LOG = Logger.getLogger(TemplateDatabases.class);

  private final DatabaseServerService servers;
  private final ProvisioningConfig config;
  private final Set<UUID> olderServers = ConcurrentHashMap.newKeySet();

  TemplateDatabases(DatabaseServerService servers, ProvisioningConfig config) {
    this.servers = servers;
    this.config = config;
  }

  /**
   * The ready template of the current version on this server, if there is one and templates are
   * enabled; empty when they are switched off, so every store then gets Flyway.
   */
  public Optional<String> ready(Connection admin) throws SQLException {
    return config.template().enabled() ? built(admin) : Optional.empty();
  }

  /**
   * The template of the current version on this server, if it is built, whether enabled or not. A
   * template in which {@value #OWNER} still holds something ({@code pg_shdepend}, a shared catalog,
   * so no connection into it) was built by an earlier release, whose clones each took a hand-over:
   * it is not cloned, and {@link #ensure} builds it again.
   */
  private static Optional<String> built(Connection admin) throws SQLException {
    String name = DatabaseNames.template(ClientSchema.currentVersion());
    try (PreparedStatement statement =
        admin.prepareStatement(
            "SELECT 1 FROM pg_database db WHERE db.datname = ? AND db.datistemplate AND NOT EXISTS"
                + " (SELECT 1 FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid WHERE"
                + " d.dbid = db.oid AND r.rolname = ?)")) {
      statement.setString(1, name);
      statement.setString(2, OWNER);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(name) : Optional.empty();
      }
    }
  }

  /**
   * In a database where the template owner still holds something (a clone of an earlier release's
   * template whose hand-over was cut short; connected as admin), gives every object of the owner to
   * {@code role} and revokes the owner's grant on schema {@code public}; a no-op when the owner
   * holds nothing there. Idempotent: one cut short after its first statement is finished by the
   * next call.
   */
  private static void handOverTo(Connection inDatabase, String database, String role)
      throws SQLException {
    if (!ownerHolds(inDatabase, database)) {
      return;
    }
    try (Statement statement = inDatabase.createStatement()) {
      // Objects in this database become the store's (the owner role owns no shared object, so
      // nothing outside this database moves), and the owner's grant on the schema goes.
      statement.execute(
          "REASSIGN OWNED BY \""
              + OWNER
              + "\" TO \""
              + DatabaseNames.requirePlatformName(role)
              + "\"");
      statement.execute("REVOKE ALL ON SCHEMA public FROM \"" + OWNER + "\"");
    }
  }

  /**
   * Whether the template owner owns an object of, or holds a grant in, {@code database} (what would
   * stop its role from being dropped). {@code pg_shdepend} is a shared catalog: any session on the
   * server can ask.
   */
  private static boolean ownerHolds(Connection connection, String database) throws SQLException {
    try (PreparedStatement held =
        connection.prepareStatement(
            "SELECT 1 FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid JOIN pg_database"
                + " db ON db.oid = d.dbid WHERE db.datname = ? AND r.rolname = ? LIMIT 1")) {
      held.setString(1, database);
      held.setString(2, OWNER);
      try (ResultSet rs = held.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Builds the current template on {@code server} unless it is ready; true when it built one. */
  public boolean ensure(DatabaseServer server) throws SQLException {
    DatabaseLogin admin = servers.adminLogin(server);
    int version = ClientSchema.currentVersion();
    String name = DatabaseNames.template(version);
    String building = name + "_build";
    try (Connection connection = admin.open()) {
      if (built(connection).isPresent() || !ownerlessTemplates(connection, server)) {
        return false;
      }
      if (!tryLock(connection, server)) {
        return false;
      }
      try {
        if (built(connection).isPresent()) {
          return false;
        }
        try (Statement statement = connection.createStatement()) {
          if (!roleExists(connection, OWNER)) {
            statement.execute("CREATE ROLE \"" + OWNER + "\" NOLOGIN");
          }
          statement.execute("DROP DATABASE IF EXISTS \"" + building + "\" WITH (FORCE)");
          // The database stays the admin's: the owner role must own no shared object, or the
          // REASSIGN OWNED below would give the database away too.
          statement.execute("CREATE DATABASE \"" + building + "\"");
          statement.execute("REVOKE ALL ON DATABASE \"" + building + "\" FROM PUBLIC");
          statement.execute(
              "GRANT CONNECT, CREATE, TEMPORARY ON DATABASE \""
                  + building
                  + "\" TO \""
                  + OWNER
                  + "\"");
        }
        try (Connection inBuilding = admin.onDatabase(building).open();
            Statement statement = inBuilding.createStatement()) {
          statement.execute("GRANT USAGE, CREATE ON SCHEMA public TO \"" + OWNER + "\"");
        }
        new ClientSchemaMigrator(
                admin.onDatabase(building).dataSourceAsRole(OWNER), Dialect.POSTGRESQL)
            .migrateTo(version);
        try (Connection inBuilding = admin.onDatabase(building).open();
            Statement statement = inBuilding.createStatement()) {
          // every object to whoever owns the database it is in: in a clone, the store's login
          statement.execute("REASSIGN OWNED BY \"" + OWNER + "\" TO pg_database_owner");
          statement.execute("REVOKE ALL ON SCHEMA public FROM \"" + OWNER + "\"");
        }
        // an earlier release's template, its objects still the owner's, is replaced only now, so
        // its instances have one to clone until the new one is ready
        dropTemplate(connection, name);
        try (Statement statement = connection.createStatement()) {
          statement.execute("REVOKE ALL ON DATABASE \"" + building + "\" FROM \"" + OWNER + "\"");
          statement.execute("ALTER DATABASE \"" + building + "\" RENAME TO \"" + name + "\"");
          statement.execute(
              "ALTER DATABASE \"" + name + "\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        }
        dropOlder(connection, version);
        LOG.infof("Template %s is ready on server %s", name, server.name);
        return true;
      } finally {
        unlock(connection, server);
      }
    }
  }

  /**
   * Drops every template (all versions) and the owner role from {@code server}. A database still
   * holding something of the owner (a clone of an earlier release's template whose hand-over was
   * cut short) is handed over to its own owner first, so the role can go.
   */
  public void dropAll(DatabaseServer server) throws SQLException {
    dropAll(servers.adminLogin(server), server.name);
  }

  /**
   * As {@link #dropAll(DatabaseServer)}, on the server {@code admin} logs in to ({@code serverName}
   * names it in the log): for what a server's admin clears without a master, such as the tests'
   * clean-up after a cluster of control planes.
   */
  public static void dropAll(DatabaseLogin admin, String serverName) throws SQLException {
    try (Connection connection = admin.open()) {
      dropOlder(connection, Integer.MAX_VALUE);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "DROP DATABASE IF EXISTS \""
                + DatabaseNames.template(ClientSchema.currentVersion())
                + "_build\" WITH (FORCE)");
      }
      if (!roleExists(connection, OWNER)) {
        return;
      }
      for (Map.Entry<String, String> held : databasesHeldByOwner(connection).entrySet()) {
        try (Connection inDatabase = admin.onDatabase(held.getKey()).open()) {
          handOverTo(inDatabase, held.getKey(), held.getValue());
        }
        LOG.warnf(
            "Database %s on server %s held objects of %s (a hand-over cut short); handed to %s",
            held.getKey(), serverName, OWNER, held.getValue());
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP OWNED BY \"" + OWNER + "\"");
        statement.execute("DROP ROLE IF EXISTS \"" + OWNER + "\"");
      }
    }
  }

  /**
   * The platform's databases (other than the one connected) where the owner holds something, each
   * with its owning login.
   */
  private static Map<String, String> databasesHeldByOwner(Connection admin) throws SQLException {
    Map<String, String> held = new LinkedHashMap<>();
    try (PreparedStatement statement =
        admin.prepareStatement(
            "SELECT DISTINCT db.datname, pg_get_userbyid(db.datdba) FROM pg_shdepend d JOIN"
                + " pg_roles r ON r.oid = d.refobjid JOIN pg_database db ON db.oid = d.dbid"
                + " WHERE r.rolname = ? AND db.datname <> current_database() AND db.datallowconn")) {
      statement.setString(1, OWNER);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if (DatabaseNames.isPlatformName(rs.getString(1))
              && DatabaseNames.isPlatformName(rs.getString(2))) {
            held.put(rs.getString(1), rs.getString(2));
          } else {
            // not one the platform made: left alone, and dropping the role says where it is held
            LOG.warnf("Database %s holds objects of %s; left as it is", rs.getString(1), OWNER);
          }
        }
      }
    }
    return held;
  }

  private static void dropOlder(Connection admin, int version) throws SQLException {
    List<String> old = new ArrayList<>();
    try (Statement statement = admin.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT datname FROM pg_database WHERE datname ~ '^sp_template_v[0-9]+$'")) {
      while (rs.next()) {
        String name = rs.getString(1);
        if (Integer.parseInt(name.substring("sp_template_v".length())) < version) {
          old.add(DatabaseNames.requirePlatformName(name));
        }
      }
    }
    for (String name : old) {
      dropTemplate(admin, name);
    }
  }

  /** Drops the template {@code name} if it is there. */
  private static void dropTemplate(Connection admin, String name) throws SQLException {
    if (!ServerAdmin.of(DatabaseEngine.POSTGRESQL).databaseExists(admin, name)) {
      return;
    }
    String quoted = '"' + DatabaseNames.requirePlatformName(name) + '"';
    try (Statement statement = admin.createStatement()) {
      statement.execute("ALTER DATABASE " + quoted + " WITH IS_TEMPLATE false");
      statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
    }
  }

  /**
   * Whether the server has {@code pg_database_owner} (PostgreSQL 14 or later), which a template's
   * objects belong to; an older server gets no template (its stores take Flyway), said once.
   */
  private boolean ownerlessTemplates(Connection admin, DatabaseServer server) throws SQLException {
    try (Statement statement = admin.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')")) {
      rs.next();
      if (Integer.parseInt(rs.getString(1)) >= 140000) {
        return true;
      }
    }
    if (olderServers.add(server.id)) {
      LOG.warnf(
          "Server %s runs PostgreSQL before 14, which has no pg_database_owner: no template is"
              + " built there, and its stores are migrated by Flyway",
          server.name);
    }
    return false;
  }

  /**
   * Finishes a hand-over that an earlier release began in {@code database} and did not end: such a
   * release cloned its template with the objects still {@value #OWNER}'s and handed them to the
   * store's login from a connection into the clone, so a job it left between the two, taken over
   * here, finds the database made and the objects not the login's. Reads {@code pg_shdepend} from
   * the {@code admin} session and connects into the database only when the owner still holds
   * something there; gives it all to {@code login}.
   */
  public void finishEarlierHandOver(
      DatabaseServer server, Connection admin, String database, String login) throws SQLException {
    if (!ownerHolds(admin, database)) {
      return;
    }
    try (Connection inDatabase = servers.adminLogin(server).onDatabase(database).open()) {
      handOverTo(inDatabase, database, login);
    }
    LOG.infof(
        "Database %s on server %s held objects of %s (an earlier release's hand-over cut short);"
            + " handed to %s",
        database, server.name, OWNER, login);
  }

  private static boolean roleExists(Connection connection, String role) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      statement.setString(1, role);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean tryLock(Connection connection, DatabaseServer server) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
      statement.setString(1, "storeplane-template-" + server.id);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static void unlock(Connection connection, DatabaseServer server) {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
      statement.setString(1, "storeplane-template-" + server.id);
      statement.executeQuery().close();
    } catch (SQLException e) {
      // the session ends right after; closing it releases the lock anyway
      LOG.debugf("Unlocking the template lock of %s failed: %s", server.name, e.getMessage());
    }
  }
}
