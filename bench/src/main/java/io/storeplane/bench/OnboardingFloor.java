package io.storeplane.bench;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The floor of onboarding, what creating a store database costs at the very least, timed alone over
 * plain JDBC: on PostgreSQL a bare {@code CREATE DATABASE x TEMPLATE t}, where {@code t} was
 * migrated to the current client schema by {@link #prepare()}; on MariaDB/MySQL, which has no
 * template databases, a bare {@code CREATE DATABASE x}. Databases are named {@code <prefix>tpl},
 * {@code <prefix>pg_<n>} and {@code <prefix>my_<n>}; each batch is dropped right after it is
 * measured. Nothing is connected to the template while it is cloned.
 */
final class OnboardingFloor {

  private final BenchServers.Server postgres;
  private final BenchServers.Server mysql;
  private final String prefix;
  private final String template;
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile boolean stopped;

  OnboardingFloor(BenchServers.Server postgres, BenchServers.Server mysql, String prefix) {
    this.postgres = postgres;
    this.mysql = mysql;
    this.prefix = prefix;
    this.template = prefix + "tpl";
  }

  /**
   * Makes no database after this: the run is stopping (Ctrl-C, SIGTERM), and its clean-up drops
   * what was made. A batch still running fails at its next database.
   */
  void stop() {
    stopped = true;
  }

  /** Creates the template and migrates it to the current client schema. */
  void prepare() throws Exception {
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + template);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(postgres.url(template));
    dataSource.setUser(postgres.user());
    dataSource.setPassword(postgres.password());
    new ClientSchemaMigrator(dataSource, Dialect.POSTGRESQL).migrate();
    awaitNoConnections(template);
  }

  /** {@code count} clones of the template made by {@code clients} connections at once. */
  ClosedLoop.Batch postgres(int clients, int count) throws Exception {
    return batch(
        postgres,
        "pg_",
        clients,
        count,
        name -> "CREATE DATABASE " + name + " TEMPLATE " + template,
        name -> "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** {@code count} empty MariaDB/MySQL databases made by {@code clients} connections at once. */
  ClosedLoop.Batch mysql(int clients, int count) throws Exception {
    return batch(
        mysql,
        "my_",
        clients,
        count,
        name -> "CREATE DATABASE " + name,
        name -> "DROP DATABASE IF EXISTS " + name);
  }

  private ClosedLoop.Batch batch(
      BenchServers.Server server,
      String kind,
      int clients,
      int count,
      UnaryOperator<String> create,
      UnaryOperator<String> drop)
      throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("%s%s%05d".formatted(prefix, kind, sequence.incrementAndGet()));
    }
    try {
      return ClosedLoop.run(
          clients,
          count,
          () -> {
            Connection admin = server.admin();
            Statement statement = admin.createStatement();
            return new ClosedLoop.Client() {
              @Override
              public void run(int item) throws SQLException {
                if (stopped) {
                  throw new IllegalStateException("The run is stopping: no more databases");
                }
                statement.execute(create.apply(names.get(item)));
              }

              @Override
              public void close() throws SQLException {
                admin.close();
              }
            };
          });
    } finally {
      try (Connection admin = server.admin();
          Statement statement = admin.createStatement()) {
        for (String name : names) {
          statement.execute(drop.apply(name));
        }
      }
    }
  }

  /** Waits until no session is connected to {@code database}: cloning it fails otherwise. */
  private void awaitNoConnections(String database) throws Exception {
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      for (int attempt = 0; attempt < 100; attempt++) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
          rows.next();
          if (rows.getInt(1) == 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("Sessions stay connected to the template " + database);
  }
}
