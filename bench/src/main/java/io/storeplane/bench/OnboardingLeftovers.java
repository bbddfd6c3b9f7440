package io.storeplane.bench;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.provisioning.server.TemplateDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything an onboarding run can leave on the two servers, found by name: the bench's own
 * databases ({@code spbench_onb_<run>_*}: master databases, the floor's template and clones), the
 * stores' databases and logins ({@code sp_spbench_<run>_*}, made by the control plane), and the
 * control plane's template database {@code sp_template_v<N>} with its owner role when the run
 * created them (when they were there before the run, they are left alone).
 */
final class OnboardingLeftovers {

  private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9_]+");
  private static final Catalog PG_DATABASES = new Catalog("pg_database", "pg_database", "datname");
  private static final Catalog PG_ROLES = new Catalog("pg_roles", "pg_roles", "rolname");
  private static final Catalog MYSQL_SCHEMAS =
      new Catalog("MariaDB schema", "information_schema.schemata", "schema_name");
  private static final Catalog MYSQL_USERS = new Catalog("MariaDB user", "mysql.user", "User");

  private final BenchServers.Server postgres;
  private final BenchServers.Server mysql;
  private final String benchPrefix;
  private final String storePrefix;
  private final String template = DatabaseNames.template(ClientSchema.currentVersion());
  private final boolean templateWasThere;
  private final boolean templateOwnerWasThere;

  /** Notes what exists before the run, so that only what the run made is dropped. */
  OnboardingLeftovers(
      BenchServers.Server postgres,
      BenchServers.Server mysql,
      String benchPrefix,
      String slugPrefix)
      throws SQLException {
    this.postgres = postgres;
    this.mysql = mysql;
    this.benchPrefix = benchPrefix;
    this.storePrefix = "sp_" + slugPrefix.replace('-', '_');
    try (Connection admin = postgres.admin()) {
      this.templateWasThere = !PG_DATABASES.names(admin, template).isEmpty();
      this.templateOwnerWasThere = !PG_ROLES.names(admin, TemplateDatabases.OWNER).isEmpty();
    }
  }

  /** Warm-pool databases the run's control planes made (their names are random), by engine. */
  private final Map<String, List<String>> poolDatabases = new HashMap<>();

  /** Drops all of it; reports what it could not drop and carries on with the rest. */
  synchronized void dropAll() {
    notePoolDatabases();
    try (Connection admin = postgres.admin()) {
      ServerAdmin server = ServerAdmin.of(DatabaseEngine.POSTGRESQL);
      for (String name : PG_DATABASES.names(admin, storePrefix + "%")) {
        attempt(name, () -> server.dropDatabase(admin, name));
      }
      for (String name : PG_ROLES.names(admin, storePrefix + "%")) {
        attempt(name, () -> server.dropLogin(admin, name));
      }
      for (String name : poolDatabases.getOrDefault("POSTGRESQL", List.of())) {
        attempt(name, () -> server.dropDatabase(admin, name));
        attempt(name, () -> server.dropLogin(admin, name));
      }
      for (String name : PG_DATABASES.names(admin, benchPrefix + "%")) {
        attempt(name, () -> execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
      }
      if (!templateWasThere) {
        for (String name : PG_DATABASES.names(admin, template, template + "_build")) {
          attempt(
              name,
              () -> {
                execute(admin, "ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                server.dropDatabase(admin, name);
              });
        }
      }
      if (!templateOwnerWasThere) {
        attempt(TemplateDatabases.OWNER, () -> server.dropLogin(admin, TemplateDatabases.OWNER));
      }
    } catch (SQLException e) {
      System.err.println("Could not drop the run's PostgreSQL databases: " + e.getMessage());
    }
    try (Connection admin = mysql.admin()) {
      ServerAdmin server = ServerAdmin.of(DatabaseEngine.MYSQL);
      for (String name : MYSQL_SCHEMAS.names(admin, storePrefix + "%")) {
        attempt(name, () -> server.dropDatabase(admin, name));
      }
      for (String name : MYSQL_USERS.names(admin, storePrefix + "%")) {
        attempt(name, () -> server.dropLogin(admin, name));
      }
      for (String name : poolDatabases.getOrDefault("MYSQL", List.of())) {
        attempt(name, () -> server.dropDatabase(admin, name));
        attempt(name, () -> server.dropLogin(admin, name));
      }
      for (String name : MYSQL_SCHEMAS.names(admin, benchPrefix + "%")) {
        attempt(name, () -> execute(admin, "DROP DATABASE IF EXISTS " + name));
      }
    } catch (SQLException e) {
      System.err.println("Could not drop the run's MariaDB/MySQL databases: " + e.getMessage());
    }
  }

  /**
   * Reads, from each of the run's master databases still there, the warm-pool databases its control
   * plane made (unclaimed ones: a claimed one is a store's, purged by the API or named by nothing
   * the run can find once its master is gone, so claimed ones are read too).
   */
  private void notePoolDatabases() {
    try (Connection admin = postgres.admin()) {
      for (String master : PG_DATABASES.names(admin, benchPrefix + "master%")) {
        try (Connection c =
                DriverManager.getConnection(
                    postgres.url(master), postgres.user(), postgres.password());
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT d.engine, e.database_name FROM warm_pool_entries e JOIN"
                        + " database_servers d ON d.id = e.server_id")) {
          while (rs.next()) {
            String name = DatabaseNames.requirePlatformName(rs.getString(2));
            List<String> names =
                poolDatabases.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
            if (!names.contains(name)) {
              names.add(name);
            }
          }
        } catch (SQLException e) {
          // a master that never migrated to V9 (or was half made) holds no pool
        }
      }
    } catch (SQLException e) {
      System.err.println("Could not read the run's warm pools: " + e.getMessage());
    }
  }

  /** What is still there, as {@code catalog: name}; empty when the servers are clean. */
  List<String> remaining() throws SQLException {
    List<String> left = new ArrayList<>();
    try (Connection admin = postgres.admin()) {
      List<String> databases = new ArrayList<>(List.of(benchPrefix + "%", storePrefix + "%"));
      List<String> roles = new ArrayList<>(List.of(storePrefix + "%"));
      if (!templateWasThere) {
        databases.addAll(List.of(template, template + "_build"));
      }
      if (!templateOwnerWasThere) {
        roles.add(TemplateDatabases.OWNER);
      }
      databases.addAll(poolDatabases.getOrDefault("POSTGRESQL", List.of()));
      roles.addAll(poolDatabases.getOrDefault("POSTGRESQL", List.of()));
      left.addAll(PG_DATABASES.labelled(admin, databases));
      left.addAll(PG_ROLES.labelled(admin, roles));
    }
    try (Connection admin = mysql.admin()) {
      List<String> schemas = new ArrayList<>(List.of(benchPrefix + "%", storePrefix + "%"));
      List<String> users = new ArrayList<>(List.of(storePrefix + "%"));
      schemas.addAll(poolDatabases.getOrDefault("MYSQL", List.of()));
      users.addAll(poolDatabases.getOrDefault("MYSQL", List.of()));
      left.addAll(MYSQL_SCHEMAS.labelled(admin, schemas));
      left.addAll(MYSQL_USERS.labelled(admin, users));
    }
    return left;
  }

  private interface Drop {
    void run() throws SQLException;
  }

  private static void attempt(String name, Drop drop) {
    try {
      drop.run();
    } catch (SQLException e) {
      System.err.println("Could not drop " + name + ": " + e.getMessage());
    }
  }

  private static void execute(Connection admin, String sql) throws SQLException {
    try (Statement statement = admin.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A catalog of names on a server: databases, roles, schemata or users. */
  private record Catalog(String label, String table, String column) {

    /**
     * The names matching any of the LIKE {@code patterns} (in which {@code _} is literal). Only
     * plain lowercase names are returned, so they are safe to put into DDL unquoted.
     */
    List<String> names(Connection admin, String... patterns) throws SQLException {
      List<String> names = new ArrayList<>();
      String sql = "SELECT %s FROM %s WHERE %s LIKE ?".formatted(column, table, column);
      for (String pattern : patterns) {
        try (PreparedStatement statement = admin.prepareStatement(sql)) {
          statement.setString(1, pattern.replace("_", "\\_"));
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              String name = rows.getString(1);
              if (SAFE_NAME.matcher(name).matches()) {
                names.add(name);
              }
            }
          }
        }
      }
      return names;
    }

    List<String> labelled(Connection admin, List<String> patterns) throws SQLException {
      return names(admin, patterns.toArray(String[]::new)).stream()
          .map(name -> label + ": " + name)
          .toList();
    }
  }
}
