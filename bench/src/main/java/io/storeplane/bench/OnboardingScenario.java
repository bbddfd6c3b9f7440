package io.storeplane.bench;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.seed.ClientSeeder;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.provisioning.guard.JdbcEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database work of onboarding a store on the local PostgreSQL (not the HTTP or job overhead):
 * creating a store database at the current client schema three ways, at several concurrencies.
 *
 * <ul>
 *   <li>floor: a bare {@code CREATE DATABASE x TEMPLATE t}, {@code t} already migrated;
 *   <li>template: the same, then {@link ClientSeeder} on the new database;
 *   <li>flyway: {@code CREATE DATABASE x}, then {@link ClientSchemaMigrator}, then the seeder.
 * </ul>
 *
 * <p>Every database is named {@code spbench_onb_<run>_*}; each batch is dropped after it is
 * measured, and whatever is left of the run is dropped at the end, also on failure and Ctrl-C.
 * Nothing is connected to the template while clones are made.
 */
final class OnboardingScenario {

  private static final String PREFIX = "spbench_onb_";
  private static final SeedValues SEED = new SeedValues("Bench Store", "EUR", "en-US", "UTC");

  private final int stores;
  private final int warmUp;
  private final List<Integer> levels = new ArrayList<>();
  private final String run =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final BenchServers.Server server = BenchServers.Server.of(JdbcEngine.POSTGRESQL);
  private final AtomicInteger sequence = new AtomicInteger();

  private enum Path {
    FLOOR("floor: CREATE DATABASE … TEMPLATE"),
    TEMPLATE("template: TEMPLATE + seed"),
    FLYWAY("flyway: CREATE DATABASE + migrate + seed");

    final String label;

    Path(String label) {
      this.label = label;
    }
  }

  private record Batch(Latencies latencies, double seconds) {
    double storesPerSecond() {
      return latencies.count() / seconds;
    }

    double p50Millis() {
      return latencies.percentileMicros(50) / 1000;
    }
  }

  OnboardingScenario(BenchOptions options) {
    this.stores = options.integer("stores", 20);
    this.warmUp = options.integer("warmup", 2);
    for (String level : options.text("concurrency", "1,4,16").split(",")) {
      levels.add(Integer.parseInt(level.strip()));
    }
  }

  void run() throws Exception {
    System.out.println("database: " + server.describe());
    String template = PREFIX + run + "_tpl";
    Map<Integer, Map<Path, Batch>> results = new LinkedHashMap<>();
    Thread cleanup = new Thread(this::dropRunQuietly, "spbench-onboarding-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      execute("CREATE DATABASE " + template);
      new ClientSchemaMigrator(dataSource(template), Dialect.POSTGRESQL).migrate();
      awaitNoConnections(template);
      for (Path path : Path.values()) {
        batch(path, template, 1, warmUp);
      }
      for (int level : levels) {
        Map<Path, Batch> byPath = new LinkedHashMap<>();
        for (Path path : Path.values()) {
          byPath.put(path, batch(path, template, level, stores));
        }
        results.put(level, byPath);
      }
    } finally {
      dropRun();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    print(results);
  }

  private void print(Map<Integer, Map<Path, Batch>> results) {
    System.out.printf(
        "Onboarding (database work only): %d stores per path and concurrency, after %d warm-up"
            + " stores per path; template and flyway paths seed with ClientSeeder.%n%n",
        stores, warmUp);
    Table ratios =
        new Table(
            "concurrency", "template / floor (p50)", "flyway / floor (p50)", "template within 2x");
    results.forEach(
        (level, byPath) -> {
          double floor = byPath.get(Path.FLOOR).p50Millis();
          double viaTemplate = byPath.get(Path.TEMPLATE).p50Millis() / floor;
          ratios.row(
              level,
              viaTemplate,
              byPath.get(Path.FLYWAY).p50Millis() / floor,
              viaTemplate <= 2 ? "yes" : "no");
        });
    ratios.print();
    Table table =
        new Table("concurrency", "path", "stores", "p50 ms", "p99 ms", "max ms", "stores/s");
    results.forEach(
        (level, byPath) ->
            byPath.forEach(
                (path, batch) ->
                    table.row(
                        level,
                        path.label,
                        batch.latencies().count(),
                        batch.p50Millis(),
                        batch.latencies().percentileMicros(99) / 1000,
                        batch.latencies().maxMicros() / 1000,
                        batch.storesPerSecond())));
    table.print();
  }

  /**
   * Creates {@code count} stores along {@code path} on {@code threads} threads, then drops them.
   */
  private Batch batch(Path path, String template, int threads, int count) throws Exception {
    if (count == 0) {
      return new Batch(new Latencies(), 1);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(
          "%s%s_%s_%04d"
              .formatted(
                  PREFIX, run, path.name().toLowerCase(Locale.ROOT), sequence.incrementAndGet()));
    }
    AtomicInteger next = new AtomicInteger();
    List<Latencies> parts = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Connection> admins = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          admins.add(server.admin());
        }
        List<Future<Latencies>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (Connection admin : admins) {
          futures.add(
              pool.submit(
                  () -> {
                    Latencies latencies = new Latencies();
                    try (Statement statement = admin.createStatement()) {
                      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long began = System.nanoTime();
                        create(statement, path, names.get(i), template);
                        latencies.record(System.nanoTime() - began);
                      }
                    }
                    return latencies;
                  }));
        }
        for (Future<Latencies> future : futures) {
          parts.add(future.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Batch(Latencies.merge(parts), seconds);
      } finally {
        for (Connection admin : admins) {
          admin.close();
        }
      }
    } finally {
      pool.shutdownNow();
      drop(names);
    }
  }

  private void create(Statement admin, Path path, String name, String template)
      throws SQLException {
    switch (path) {
      case FLOOR -> admin.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
      case TEMPLATE -> {
        admin.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        seed(name);
      }
      case FLYWAY -> {
        admin.execute("CREATE DATABASE " + name);
        new ClientSchemaMigrator(dataSource(name), Dialect.POSTGRESQL).migrate();
        seed(name);
      }
    }
  }

  private void seed(String database) throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(server.url(database), server.user(), server.password())) {
      ClientSeeder.seed(connection, Dialect.POSTGRESQL, SEED);
    }
  }

  private PGSimpleDataSource dataSource(String database) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(server.url(database));
    dataSource.setUser(server.user());
    dataSource.setPassword(server.password());
    return dataSource;
  }

  /** Waits until no session is connected to {@code database}: cloning it fails otherwise. */
  private void awaitNoConnections(String database) throws Exception {
    try (Connection admin = server.admin();
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

  private void execute(String sql) throws SQLException {
    try (Connection admin = server.admin();
        Statement statement = admin.createStatement()) {
      statement.execute(sql);
    }
  }

  private void drop(List<String> names) throws SQLException {
    try (Connection admin = server.admin();
        Statement statement = admin.createStatement()) {
      for (String name : names) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private void dropRunQuietly() {
    try {
      dropRun();
    } catch (SQLException e) {
      System.err.println("Could not drop the bench databases: " + e.getMessage());
    }
  }

  /** Drops every database of this run that is still there, the template included. */
  private void dropRun() throws SQLException {
    List<String> left = new ArrayList<>();
    try (Connection admin = server.admin();
        Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'spbench\\_onb\\_"
                    + run
                    + "\\_%'")) {
      while (rows.next()) {
        left.add(rows.getString(1));
      }
    }
    drop(left);
  }
}
