package io.storeplane.fleet.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the master knows about one managed server's databases and logins: stores placed there (every
 * store row, deleted ones included, is known; those with an active or suspended database must
 * exist), warm-pool entries, the databases queued or running provisioning jobs have recorded they
 * will create ({@code databaseName} in their parameters), and the templates. Names the platform
 * accounts for on another server are known too, so they are never orphans here.
 *
 * @param storeDatabases database name to store id, of stores whose database must exist
 * @param expectedOwners database name to the login that must own it (stores, warm-pool entries)
 * @param knownDatabases every database name the registry accounts for
 * @param knownLogins every login name the registry accounts for
 */
record Registry(
    Map<String, UUID> storeDatabases,
    Map<String, String> expectedOwners,
    Set<String> knownDatabases,
    Set<String> knownLogins) {

  /** Templates and their owner role: {@code sp_template_v<N>} (and its {@code _build}). */
  static final String TEMPLATE_PREFIX = "sp_template_";

  private static final String STORES =
      "SELECT id, database_name, status, database_status FROM stores"
          + " WHERE database_server_id = ? AND database_name IS NOT NULL";
  private static final String POOL =
      "SELECT database_name, login_name, state FROM warm_pool_entries WHERE server_id = ?";
  private static final String INTENTS =
      "SELECT parameters ->> 'databaseName' AS database_name FROM jobs"
          + " WHERE kind = 'provisioning' AND status IN ('QUEUED', 'RUNNING')"
          + " AND parameters ->> 'serverId' = ? AND parameters ->> 'databaseName' IS NOT NULL";

  /**
   * Every database name the platform accounts for on any server: a name known elsewhere is never an
   * orphan here (one physical server registered twice, a store's server changed by hand), since
   * platform names are unique across servers and an orphan drop must never take a store's database.
   */
  private static final String KNOWN_ANYWHERE =
      "SELECT database_name FROM stores WHERE database_name IS NOT NULL"
          + " UNION SELECT database_name FROM warm_pool_entries"
          + " UNION SELECT login_name FROM warm_pool_entries"
          + " UNION SELECT parameters ->> 'databaseName' FROM jobs WHERE kind = 'provisioning'"
          + " AND status IN ('QUEUED', 'RUNNING') AND parameters ->> 'databaseName' IS NOT NULL";

  static Registry read(Connection master, UUID serverId) throws SQLException {
    Map<String, UUID> storeDatabases = new LinkedHashMap<>();
    Map<String, String> owners = new LinkedHashMap<>();
    Set<String> databases = new HashSet<>();
    Set<String> logins = new HashSet<>();
    try (PreparedStatement s = master.prepareStatement(STORES)) {
      s.setObject(1, serverId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString("database_name");
          databases.add(name);
          logins.add(name); // a managed store's login has its database's name
          String db = rows.getString("database_status");
          if (!"DELETED".equals(rows.getString("status"))
              && ("ACTIVE".equals(db) || "SUSPENDED".equals(db))) {
            storeDatabases.put(name, rows.getObject("id", UUID.class));
            owners.put(name, name);
          }
        }
      }
    }
    try (PreparedStatement s = master.prepareStatement(POOL)) {
      s.setObject(1, serverId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString("database_name");
          databases.add(name);
          logins.add(rows.getString("login_name"));
          String state = rows.getString("state");
          if ("READY".equals(state) || "CLAIMED".equals(state) || "HANDED_OVER".equals(state)) {
            owners.putIfAbsent(name, rows.getString("login_name"));
          }
        }
      }
    }
    try (PreparedStatement s = master.prepareStatement(INTENTS)) {
      s.setString(1, serverId.toString());
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          databases.add(rows.getString("database_name"));
          logins.add(rows.getString("database_name"));
        }
      }
    }
    try (PreparedStatement s = master.prepareStatement(KNOWN_ANYWHERE);
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        databases.add(rows.getString(1));
        logins.add(rows.getString(1));
      }
    }
    return new Registry(storeDatabases, owners, databases, logins);
  }

  /** Whether the registry accounts for database {@code name} (templates included). */
  boolean knowsDatabase(String name) {
    return knownDatabases.contains(name) || name.startsWith(TEMPLATE_PREFIX);
  }

  /** Whether the registry accounts for login {@code name} (the templates' owner included). */
  boolean knowsLogin(String name) {
    return knownLogins.contains(name) || name.startsWith(TEMPLATE_PREFIX);
  }
}
