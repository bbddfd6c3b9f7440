package io.storeplane.testing.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A uniquely named database created for one test class; {@link #close()} drops it. */
public final class TestDatabase implements AutoCloseable {

  private final TestServer server;
  private final String name;
  private final AtomicBoolean dropped = new AtomicBoolean();

  TestDatabase(TestServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public TestServer server() {
    return server;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  public String username() {
    return server.adminUser();
  }

  public String password() {
    return server.adminPassword();
  }

  /** A new admin connection to this database; the caller closes it. */
  public Connection connect() throws SQLException {
    return server.engine().connect(jdbcUrl(), username(), password());
  }

  /**
   * Drops the database (idempotent): on PostgreSQL in the background, before the JVM exits, so the
   * test does not wait for the checkpoint every drop there waits for; {@link #dropNow()} when the
   * test needs the database gone.
   */
  @Override
  public void close() {
    if (dropped.compareAndSet(false, true)) {
      server.drop(this, false);
    }
  }

  /** Drops the database before returning (idempotent). */
  public void dropNow() {
    if (dropped.compareAndSet(false, true)) {
      server.drop(this, true);
    }
  }

  @Override
  public String toString() {
    return server.engine() + " database " + name + " on " + server.host() + ":" + server.port();
  }
}
