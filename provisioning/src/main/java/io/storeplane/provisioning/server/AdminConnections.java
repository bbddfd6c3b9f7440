package io.storeplane.provisioning.server;

import io.storeplane.clientschema.jdbc.LentConnection;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Admin sessions on managed servers, kept open between uses. A session a caller closes goes back to
 * the idle sessions of its login (at most {@code idlePerLogin} of them) instead of ending, and the
 * next admin statement on that server takes it: on PostgreSQL every new session is a backend the
 * server forks and logs in, and an onboarding on the template path needed two (test-connection,
 * create-database), more than the clone itself costs (docs/benchmarks.md).
 *
 * <p>This is a cache of idle sessions, not a pool with a wait: when none is idle, {@link #open}
 * opens one exactly as {@link DatabaseLogin#open} does, with the driver's own errors and timeouts,
 * and there is no limit on sessions in use. A kept session is handed out only after it answers that
 * it is alive ({@code isValid}, one round trip), so one the server ended while it was idle (a
 * restart, {@code pg_terminate_backend}) is closed and replaced, never lent. It comes back only in
 * autocommit with nothing pending (an open transaction is rolled back first); one that broke is
 * closed. Sessions idle longer than {@code idleTimeout} are closed, when next asked for or by a
 * sweep on a thread of its own, so an instance that stops provisioning keeps none for long. None is
 * lent again once it is {@link #MAX_AGE} old: a login the server no longer accepts (a new password,
 * {@code NOLOGIN}) or a server moved behind its address (a failover) is met by a new session within
 * that time even on a busy instance. Keyed by the whole login (endpoint, database, user and
 * password), so a server whose admin credentials change in the master gets new sessions at once and
 * the old ones idle out.
 *
 * <p>Only for statements that leave no state in the session (the {@link ServerAdmin} statements,
 * catalog reads): the template build, which holds an advisory lock and switches role, and every
 * connection into a store's own database open their own.
 */
public final class AdminConnections implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AdminConnections.class);

  /** How long a kept session may take to answer that it is alive. */
  private static final int VALID_SECONDS = 1;

  /** How old a session may be and still be lent again. */
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  /**
   * A session opened at {@code opened} and given back at {@code since} ({@link #clock}
   * nanoseconds).
   */
  private record Idle(Connection session, long opened, long since) {}

  private final int idlePerLogin;
  private final long idleNanos;
  private final LongSupplier clock;
  private final ScheduledExecutorService sweeper;
  private final Map<DatabaseLogin, Deque<Idle>> idle = new HashMap<>();
  private boolean closed;

  /**
   * Sessions kept for {@code idleTimeout}, swept on a daemon thread of their own.
   *
   * @param idlePerLogin sessions kept idle per login; 0 keeps none (every session is closed)
   * @param idleTimeout how long a session may stay idle before it is closed
   */
  public static AdminConnections kept(int idlePerLogin, Duration idleTimeout) {
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "storeplane-admin-sessions");
              thread.setDaemon(true);
              return thread;
            });
    AdminConnections connections =
        new AdminConnections(idlePerLogin, idleTimeout, System::nanoTime, sweeper);
    if (idlePerLogin > 0) {
      long every = Math.max(1_000, idleTimeout.toMillis() / 2);
      sweeper.scheduleWithFixedDelay(connections::sweep, every, every, TimeUnit.MILLISECONDS);
    } else {
      sweeper.shutdown();
    }
    return connections;
  }

  /**
   * @param clock nanoseconds, for the idle times
   * @param sweeper shut down by {@link #close()}; null when the caller sweeps
   */
  AdminConnections(
      int idlePerLogin,
      Duration idleTimeout,
      LongSupplier clock,
      ScheduledExecutorService sweeper) {
    if (idlePerLogin < 0) {
      throw new IllegalArgumentException(
          "storeplane.provisioning.admin-connections.idle-per-server must be 0 or more, not "
              + idlePerLogin);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "storeplane.provisioning.admin-connections.idle-timeout must be positive, not "
              + idleTimeout);
    }
    this.idlePerLogin = idlePerLogin;
    this.idleNanos = idleTimeout.toNanos();
    this.clock = clock;
    this.sweeper = sweeper;
  }

  /**
   * A session as {@code login}: a kept one that is still alive, or a new one. Closing it gives it
   * back.
   */
  public Connection open(DatabaseLogin login) throws SQLException {
    Idle kept;
    while ((kept = take(login)) != null) {
      if (!expired(kept, clock.getAsLong()) && alive(kept.session())) {
        return lend(login, kept.session(), kept.opened());
      }
      quietlyClose(kept.session());
    }
    Connection session = login.open();
    return lend(login, session, clock.getAsLong());
  }

  /** Closes every session idle longer than the timeout, or older than {@link #MAX_AGE}. */
  void sweep() {
    try {
      long now = clock.getAsLong();
      List<Connection> expired = new ArrayList<>();
      synchronized (this) {
        for (Iterator<Deque<Idle>> lists = idle.values().iterator(); lists.hasNext(); ) {
          Deque<Idle> sessions = lists.next();
          for (Iterator<Idle> each = sessions.iterator(); each.hasNext(); ) {
            Idle session = each.next();
            if (expired(session, now)) {
              expired.add(session.session());
              each.remove();
            }
          }
          if (sessions.isEmpty()) {
            lists.remove();
          }
        }
      }
      expired.forEach(AdminConnections::quietlyClose);
    } catch (RuntimeException e) {
      // a sweep that throws would end the schedule: the next one tries again
      LOG.warnf(e, "Sweeping idle admin sessions failed");
    }
  }

  private boolean expired(Idle session, long now) {
    return now - session.since() > idleNanos || now - session.opened() > MAX_AGE.toNanos();
  }

  /** How many sessions are idle now, over all logins. */
  synchronized int idle() {
    return idle.values().stream().mapToInt(Deque::size).sum();
  }

  /** Ends every idle session and keeps none from now on; sessions in use end when closed. */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    List<Connection> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(sessions -> sessions.forEach(each -> all.add(each.session())));
      idle.clear();
    }
    all.forEach(AdminConnections::quietlyClose);
  }

  private synchronized Idle take(DatabaseLogin login) {
    Deque<Idle> sessions = idle.get(login);
    return sessions == null ? null : sessions.pollFirst();
  }

  private Connection lend(DatabaseLogin login, Connection session, long opened) {
    return LentConnection.wrap(session, lent -> giveBack(login, lent, opened));
  }

  /** A lent session is back: kept when it is clean and there is room, closed otherwise. */
  private void giveBack(DatabaseLogin login, Connection session, long opened) {
    try {
      if (!session.isClosed() && !session.getAutoCommit()) {
        session.rollback();
        session.setAutoCommit(true);
      }
      synchronized (this) {
        Deque<Idle> sessions = idle.computeIfAbsent(login, any -> new ArrayDeque<>());
        if (!closed && !session.isClosed() && sessions.size() < idlePerLogin) {
          sessions.addFirst(new Idle(session, opened, clock.getAsLong()));
          return;
        }
        if (sessions.isEmpty()) {
          idle.remove(login);
        }
      }
    } catch (SQLException e) {
      LOG.debugf("An admin session as %s is not kept: %s", login, e.getMessage());
    }
    quietlyClose(session);
  }

  private static boolean alive(Connection session) {
    try {
      return session.isValid(VALID_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void quietlyClose(Connection session) {
    try {
      session.close();
    } catch (SQLException e) {
      LOG.debugf("Closing an admin session failed: %s", e.getMessage());
    }
  }
}
