package io.storeplane.clientschema.migrate;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway instances configured once and lent to one migration at a time. Making a Flyway instance
 * registers its plugins from the class path and copies each through JSON, about a sixth of the
 * control plane's CPU per store in a rollout (docs/benchmarks.md, "Fleet rollout"); two stores'
 * configurations differ only in their data source. So an instance is kept per {@link Settings}, its
 * data source stands for the borrower's, and it is lent again once that migration is done. Flyway
 * keeps no state of a store between commands: each opens its connections anew from the data source.
 * An instance is never used by two migrations at once; there are at most as many per settings as
 * migrations ran at the same time.
 */
final class ConfiguredFlyways {

  /** What tells two Flyway configurations apart, the data source aside. */
  record Settings(
      Dialect dialect, int targetVersion, String initSql, boolean skipExecutingMigrations) {}

  private final Map<Settings, Deque<Lent>> idle = new ConcurrentHashMap<>();
  private final Function<Settings, FluentConfiguration> configure;

  /**
   * @param configure the whole configuration for some settings, but the data source
   */
  ConfiguredFlyways(Function<Settings, FluentConfiguration> configure) {
    this.configure = configure;
  }

  /** A Flyway instance for {@code settings} that migrates the database behind {@code store}. */
  Lent lend(Settings settings, DataSource store) {
    Deque<Lent> free = idle.computeIfAbsent(settings, s -> new ConcurrentLinkedDeque<>());
    Lent lent = free.poll();
    if (lent == null) {
      StandIn standIn = new StandIn();
      lent = new Lent(configure.apply(settings).dataSource(standIn).load(), standIn, free);
    }
    lent.standIn.store = store;
    return lent;
  }

  /** A configured Flyway instance, lent until {@link #close()}. */
  static final class Lent implements AutoCloseable {

    private final Flyway flyway;
    private final StandIn standIn;
    private final Deque<Lent> free;

    private Lent(Flyway flyway, StandIn standIn, Deque<Lent> free) {
      this.flyway = flyway;
      this.standIn = standIn;
      this.free = free;
    }

    Flyway flyway() {
      return flyway;
    }

    /** Gives the instance back: it no longer reaches the borrower's database. */
    @Override
    public void close() {
      standIn.store = null;
      free.push(this);
    }
  }

  /** The data source a kept instance is configured with: the current borrower's. */
  private static final class StandIn extends FixedLoginDataSource {

    private volatile DataSource store;

    StandIn() {
      super("a lent Flyway's data source");
    }

    @Override
    public Connection getConnection() throws SQLException {
      DataSource current = store;
      if (current == null) {
        throw new SQLException("This Flyway instance is not lent to a migration", "08003");
      }
      return current.getConnection();
    }
  }
}
