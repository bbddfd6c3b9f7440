package io.storeplane.fleet.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A migration through a JDBC target on real PostgreSQL and MariaDB reuses its sessions: from no
 * schema to the current version (the version check, the catalog reads, Flyway's info and migrate,
 * the checks after) it opens one session, on PostgreSQL too (Flyway runs its migrations on its main
 * connection), where the migrator alone opened one per use, and closing the target ends it.
 */
class JdbcSchemaTargetTest {

  private static final MigrationLimits LIMITS =
      new MigrationLimits(Duration.ofSeconds(3), Duration.ofMinutes(1));

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aMigrationOpensOneSessionAndClosingEndsIt(Engine engine) throws Exception {
    Dialect dialect = engine == Engine.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
    try (TestDatabase db = TestDatabases.server(engine).createDatabase("sessions")) {
      Counting store = new Counting(db);
      int version = ClientSchema.currentVersion();
      try (JdbcSchemaTarget target = new JdbcSchemaTarget("store-test", store, dialect, LIMITS)) {
        assertThat(target.installedVersion()).isZero();
        target.migrateTo(version);
        assertThat(target.installedVersion()).isEqualTo(version);
        assertThat(store.opened.get()).as("sessions opened").isEqualTo(1);
        assertThat(store.open()).as("kept for the next call").isPositive();
      }
      assertThat(store.open()).as("open after close").isZero();
    }
  }

  /** Opens sessions to the test database and counts them. */
  private static final class Counting extends FixedLoginDataSource {

    private final TestDatabase db;
    private final AtomicInteger opened = new AtomicInteger();
    private final List<Connection> sessions = new ArrayList<>();

    Counting(TestDatabase db) {
      super("counting " + db.name());
      this.db = db;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
      opened.incrementAndGet();
      Connection session = db.connect();
      sessions.add(session);
      return session;
    }

    synchronized long open() throws SQLException {
      long open = 0;
      for (Connection session : sessions) {
        open += session.isClosed() ? 0 : 1;
      }
      return open;
    }
  }
}
