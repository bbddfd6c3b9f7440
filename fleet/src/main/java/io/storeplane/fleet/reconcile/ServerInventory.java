package io.storeplane.fleet.reconcile;

import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What exists on a managed server, read with its admin login: databases (with their owner on
 * PostgreSQL; MySQL databases have none) and logins. Read-only, fixed queries.
 *
 * @param databases database name to owner login (null on MySQL)
 * @param logins the login (role or user) names
 */
record ServerInventory(Map<String, String> databases, Set<String> logins) {

  static ServerInventory read(DatabaseEngine engine, Connection admin) throws SQLException {
    Map<String, String> databases = new LinkedHashMap<>();
    Set<String> logins = new LinkedHashSet<>();
    try (Statement s = admin.createStatement()) {
      if (engine == DatabaseEngine.POSTGRESQL) {
        try (ResultSet rows =
            s.executeQuery(
                "SELECT d.datname AS name, r.rolname AS owner FROM pg_database d"
                    + " JOIN pg_roles r ON r.oid = d.datdba ORDER BY d.datname")) {
          while (rows.next()) {
            databases.put(rows.getString("name"), rows.getString("owner"));
          }
        }
        try (ResultSet rows =
            s.executeQuery("SELECT rolname FROM pg_roles WHERE rolcanlogin ORDER BY rolname")) {
          while (rows.next()) {
            logins.add(rows.getString(1));
          }
        }
      } else {
        try (ResultSet rows =
            s.executeQuery(
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
          while (rows.next()) {
            databases.put(rows.getString(1), null);
          }
        }
        try (ResultSet rows = s.executeQuery("SELECT DISTINCT User FROM mysql.user ORDER BY 1")) {
          while (rows.next()) {
            logins.add(rows.getString(1));
          }
        }
      }
    }
    return new ServerInventory(databases, logins);
  }
}
