package io.storeplane.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.testing.db.MigratedMaster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local database servers the bench creates its store databases on ({@code spbench_<run>_<n>}),
 * and drops them again, also when the run is interrupted. Endpoints come from {@code
 * STOREPLANE_BENCH_PG} / {@code STOREPLANE_BENCH_MYSQL} ({@code host:port:user:password}) or
 * default to 127.0.0.1:5432 as postgres and 127.0.0.1:3306 as root, empty passwords.
 */
final class BenchServers implements AutoCloseable {

  /** One server. */
  record Server(DatabaseEngine engine, String host, int port, String user, String password) {

    static Server of(DatabaseEngine engine) {
      boolean pg = engine == DatabaseEngine.POSTGRESQL;
      String spec = System.getenv(pg ? "STOREPLANE_BENCH_PG" : "STOREPLANE_BENCH_MYSQL");
      String[] parts =
          (spec == null ? (pg ? "127.0.0.1:5432:postgres:" : "127.0.0.1:3306:root:") : spec)
              .split(":", 4);
      return new Server(engine, parts[0], Integer.parseInt(parts[1]), parts[2], parts[3]);
    }

    String url(String database) {
      return engine == DatabaseEngine.POSTGRESQL
          ? "jdbc:postgresql://%s:%d/%s".formatted(host, port, database)
          : "jdbc:mysql://%s:%d/%s?useSSL=false&allowPublicKeyRetrieval=true"
              .formatted(host, port, database);
    }

    /** A pool of at most {@code size} connections to {@code database}; the caller closes it. */
    HikariDataSource pool(String database, int size) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url(database));
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(size);
      return new HikariDataSource(config);
    }

    Connection admin() throws SQLException {
      return DriverManager.getConnection(
          url(engine == DatabaseEngine.POSTGRESQL ? "postgres" : ""), user, password);
    }

    DatabaseLogin target(String database) {
      return target(database, port);
    }

    DatabaseLogin target(String database, int atPort) {
      return new DatabaseLogin(
          engine, host, atPort, database, user, SecretString.of(password), false, true);
    }

    /** Connections to the bench's databases the server holds now. */
    int connections(Connection admin) throws SQLException {
      String sql =
          engine == DatabaseEngine.POSTGRESQL
              ? "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'spbench\\_%'"
              : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB LIKE 'spbench\\_%'";
      try (Statement statement = admin.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getInt(1);
      }
    }

    String describe() {
      try (Connection admin = admin();
          Statement statement = admin.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  engine == DatabaseEngine.POSTGRESQL
                      ? "SELECT version(), current_setting('max_connections')"
                      : "SELECT version(), @@max_connections")) {
        rows.next();
        String version = rows.getString(1);
        return (version.length() > 40 ? version.substring(0, 40) : version)
            + ", max_connections "
            + rows.getString(2);
      } catch (SQLException e) {
        return engine + " (" + e.getMessage() + ")";
      }
    }
  }

  private final String run =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final List<Created> created = new ArrayList<>();
  private final Thread cleanup = new Thread(this::dropAll, "spbench-cleanup");

  private record Created(Server server, String name) {}

  BenchServers() {
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** Creates {@code count} empty databases on {@code server}. */
  List<String> createDatabases(Server server, int count) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection admin = server.admin();
        Statement statement = admin.createStatement()) {
      for (int i = 0; i < count; i++) {
        String name =
            "spbench_%s_%s_%04d"
                .formatted(run, server.engine().name().substring(0, 2), i)
                .toLowerCase(Locale.ROOT);
        statement.execute("CREATE DATABASE " + name);
        synchronized (created) {
          created.add(new Created(server, name));
        }
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Creates one PostgreSQL database at the current master schema (test-databases' {@link
   * MigratedMaster#migrate}, as the tests do); returns its name.
   */
  String master(Server server) throws SQLException {
    String name = createDatabases(server, 1).get(0);
    MigratedMaster.migrate(server.url(name), server.user(), server.password());
    return name;
  }

  /**
   * Creates {@code count} PostgreSQL databases as copies of {@code template} ({@code CREATE
   * DATABASE ... TEMPLATE}), named {@code spbench_<run>_<label>_<n>}.
   */
  List<String> copies(Server server, String template, String label, int count) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection admin = server.admin();
        Statement statement = admin.createStatement()) {
      for (int i = 0; i < count; i++) {
        String name = "spbench_%s_%s_%04d".formatted(run, label, i).toLowerCase(Locale.ROOT);
        statement.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        synchronized (created) {
          created.add(new Created(server, name));
        }
        names.add(name);
      }
    }
    return names;
  }

  @Override
  public void close() {
    dropAll();
    Runtime.getRuntime().removeShutdownHook(cleanup);
  }

  private void dropAll() {
    List<Created> toDrop;
    synchronized (created) {
      toDrop = new ArrayList<>(created);
      created.clear();
    }
    toDrop.stream()
        .map(Created::server)
        .distinct()
        .forEach(
            server -> {
              try (Connection admin = server.admin();
                  Statement statement = admin.createStatement()) {
                for (Created database : toDrop) {
                  if (database.server().equals(server)) {
                    statement.execute(
                        server.engine() == DatabaseEngine.POSTGRESQL
                            ? "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)"
                            : "DROP DATABASE IF EXISTS " + database.name());
                  }
                }
              } catch (SQLException e) {
                System.err.println("Could not drop the bench databases: " + e.getMessage());
              }
            });
  }
}
