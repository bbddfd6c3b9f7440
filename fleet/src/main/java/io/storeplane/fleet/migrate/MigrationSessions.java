package io.storeplane.fleet.migrate;

import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import io.storeplane.clientschema.jdbc.LentConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.sql.DataSource;

/**
 * The sessions of one store's migration: a connection the migrator closes is kept open for its next
 * use instead (its catalog reads, Flyway's info and migrate, the checks after), so a migration
 * opens one or two sessions rather than one per use. Each new session costs the store's server a
 * backend (PostgreSQL forks one) and a login; the rollout benchmark spent most of its time there. A
 * session comes back in autocommit with nothing pending; {@link #close()} ends them all.
 */
final class MigrationSessions extends FixedLoginDataSource implements AutoCloseable {

  private final DataSource store;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private final List<Connection> opened = new ArrayList<>();
  private boolean closed;

  /**
   * @param store opens a new session (with the migration's limits) each time
   */
  MigrationSessions(String name, DataSource store) {
    super(name);
    this.store = store;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection session;
    synchronized (this) {
      if (closed) {
        throw new SQLException("The migration's sessions are closed", "08003");
      }
      session = idle.poll();
    }
    if (session == null || session.isClosed()) {
      session = store.getConnection();
      synchronized (this) {
        opened.add(session);
      }
    }
    // closing the migrator's handle gives the session back, once
    return LentConnection.wrap(session, this::giveBack);
  }

  /** A borrowed session is back: kept for the next use, or closed when it is not clean. */
  private void giveBack(Connection session) {
    try {
      if (!session.isClosed() && !session.getAutoCommit()) {
        session.rollback();
        session.setAutoCommit(true);
      }
      synchronized (this) {
        if (!closed && !session.isClosed()) {
          idle.push(session);
          return;
        }
      }
    } catch (SQLException e) {
      // a session in doubt is not lent again
    }
    quietlyClose(session);
  }

  /** Ends every session the migration opened. */
  @Override
  public void close() {
    List<Connection> all;
    synchronized (this) {
      closed = true;
      idle.clear();
      all = new ArrayList<>(opened);
      opened.clear();
    }
    all.forEach(MigrationSessions::quietlyClose);
  }

  private static void quietlyClose(Connection session) {
    try {
      session.close();
    } catch (SQLException e) {
      // ending it is all that was asked
    }
  }
}
