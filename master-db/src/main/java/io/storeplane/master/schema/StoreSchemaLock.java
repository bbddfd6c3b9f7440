package io.storeplane.master.schema;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * One schema change at a time per store: a PostgreSQL session advisory lock on the master, keyed by
 * the store id ({@code pg_try_advisory_lock(hashtext('storeplane.store-schema'), hashtext(id))}),
 * held on a master connection of its own for as long as the change runs. Provisioning's
 * apply-schema and seed steps and fleet's one-store migration take it; whoever does not get it is
 * told the store is busy and tries later, never waits. A lock dies with its session, so an instance
 * that crashes mid-migration frees the store.
 *
 * <p>Two store ids whose hashes collide share a lock: one of them is then reported busy for a
 * while, which is safe. Never call it inside a master transaction: the connection must be the
 * lock's own, not the transaction's.
 */
@ApplicationScoped
public class StoreSchemaLock {

  private static final Logger LOG = Logger.getLogger(StoreSchemaLock.class);
  private static final String NAMESPACE = "storeplane.store-schema";

  private final DataSource master;

  public StoreSchemaLock(DataSource master) {
    this.master = master;
  }

  /**
   * Takes the store's lock if it is free.
   *
   * @return the held lock (close it to release), or empty when someone else holds it
   * @throws SQLException when the master cannot be reached
   */
  public Optional<Held> tryAcquire(UUID storeId) throws SQLException {
    Connection connection = master.getConnection();
    try {
      connection.setAutoCommit(true);
      try (PreparedStatement lock =
          connection.prepareStatement(
              "SELECT pg_try_advisory_lock(hashtext('" + NAMESPACE + "'), hashtext(?))")) {
        lock.setString(1, storeId.toString());
        try (ResultSet result = lock.executeQuery()) {
          result.next();
          if (result.getBoolean(1)) {
            return Optional.of(new Held(storeId, connection));
          }
        }
      }
      connection.close();
      return Optional.empty();
    } catch (SQLException | RuntimeException e) {
      discard(connection, e);
      throw e;
    }
  }

  /** Whether some session holds the store's lock now (for tests and diagnostics). */
  public boolean isHeld(UUID storeId) throws SQLException {
    try (Connection connection = master.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND classid::int = hashtext('"
                    + NAMESPACE
                    + "') AND objid::int = hashtext(?) AND objsubid = 2)")) {
      query.setString(1, storeId.toString());
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  /**
   * A held lock. {@link #close()} releases it and hands the connection back; a release that fails
   * discards the connection instead (ending its session ends the lock), and never hides the failure
   * the caller is reporting.
   */
  public static final class Held implements AutoCloseable {
    private final UUID storeId;
    private final Connection connection;
    private boolean closed;

    private Held(UUID storeId, Connection connection) {
      this.storeId = storeId;
      this.connection = connection;
    }

    /** The store whose lock this is. */
    public UUID storeId() {
      return storeId;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try (Statement unlock = connection.createStatement()) {
        unlock.execute("SELECT pg_advisory_unlock_all()");
      } catch (SQLException | RuntimeException e) {
        LOG.warnf(
            e, "Releasing the schema lock of store %s failed; dropping its connection", storeId);
        discard(connection, e);
        return;
      }
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.warnf(e, "Closing the schema lock connection of store %s failed", storeId);
      }
    }
  }

  /** Ends the connection's session (and any lock it holds) rather than pooling it again. */
  private static void discard(Connection connection, Exception cause) {
    try {
      connection.abort(DIRECT);
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static final Executor DIRECT = Runnable::run;
}
