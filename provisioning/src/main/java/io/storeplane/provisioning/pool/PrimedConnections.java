package io.storeplane.provisioning.pool;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.server.DatabaseServerService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Connections this instance opened in advance, each as a warm-pool entry's own login into its
 * database, for the entries a claim on their server takes next (the oldest READY ones, in the
 * claim's order), so the seed after a claim does not wait for the server to start a backend (on
 * PostgreSQL about 18 ms on the project's machine, most of a pool onboarding's seed). At most
 * {@code perServer} per server; a claim takes its entry's connection ({@link #take}) or opens one
 * as before.
 *
 * <p>Priming runs on one background thread of its own ({@link #primeSoon}), after this instance
 * claims on a server or refills it: it closes the connections of entries that are no longer next
 * (claimed elsewhere, dropped, older version) and opens the missing ones. A claim here sets its
 * entry's connection aside ({@link #claimed}) until its seed takes it, so priming after the claim
 * does not close it; one not taken within {@link #SET_ASIDE} (its job failed first) is closed. A
 * connection that died meanwhile is found by {@link #take}, which checks it, and the seed opens a
 * new one. Dropping a pool database ends its connections ({@code DROP DATABASE … WITH (FORCE)} on
 * PostgreSQL), so a primed connection never holds a drop up.
 */
public final class PrimedConnections implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PrimedConnections.class);

  /** How long {@link #take} lets a primed connection answer that it is alive. */
  private static final int VALID_SECONDS = 1;

  /** How long a claimed entry's connection waits for its seed before priming closes it. */
  static final Duration SET_ASIDE = Duration.ofMinutes(1);

  private record Primed(UUID serverId, Connection connection) {}

  private record SetAside(Connection connection, Instant at) {}

  private final PoolEntries entries;
  private final int perServer;
  private final ExecutorService primer;
  private final Clock clock;
  private final Map<UUID, Primed> open = new ConcurrentHashMap<>();
  private final Map<UUID, SetAside> setAside = new ConcurrentHashMap<>();

  /** Entries claimed here: never primed again (a claimed entry is never READY again). */
  private final Set<UUID> claimedHere = ConcurrentHashMap.newKeySet();

  private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param perServer connections kept per server; 0 primes none
   */
  public PrimedConnections(PoolEntries entries, int perServer, Clock clock) {
    if (perServer < 0) {
      throw new IllegalArgumentException("Primed connections per server are 0 (none) or more");
    }
    this.entries = entries;
    this.perServer = perServer;
    this.clock = clock;
    this.primer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "storeplane-warm-pool-primer");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Primes nothing: every claim opens its own connection (a pool outside the application). */
  public static PrimedConnections none() {
    return new PrimedConnections(null, 0, Clock.systemUTC());
  }

  /**
   * {@code entryId} was claimed on this instance: its connection, if primed, is set aside for the
   * claim's seed ({@link #take}) instead of being closed as no longer next.
   */
  public void claimed(UUID entryId) {
    claimedHere.add(entryId);
    Primed primed = open.remove(entryId);
    if (primed != null) {
      setAside.put(entryId, new SetAside(primed.connection(), clock.instant()));
    }
  }

  /**
   * The connection primed for {@code entryId}, now the caller's to use and close; empty when none
   * was primed or it no longer answers (then it is closed here).
   */
  public Optional<Connection> take(UUID entryId) {
    claimedHere.add(entryId);
    SetAside aside = setAside.remove(entryId);
    Primed primed = open.remove(entryId);
    Connection connection =
        aside != null ? aside.connection() : primed != null ? primed.connection() : null;
    if (aside != null && primed != null) {
      closeQuietly(primed.connection());
    }
    if (connection == null) {
      return Optional.empty();
    }
    try {
      if (connection.isValid(VALID_SECONDS)) {
        return Optional.of(connection);
      }
    } catch (SQLException e) {
      // closed below, like a connection that did not answer
    }
    closeQuietly(connection);
    return Optional.empty();
  }

  /** Brings {@code server}'s primed connections up to date on the primer's thread, soon. */
  public void primeSoon(DatabaseServer server) {
    if (perServer == 0 || closed || !queued.add(server.id)) {
      return;
    }
    try {
      primer.execute(
          () -> {
            queued.remove(server.id);
            prime(server);
          });
    } catch (RejectedExecutionException e) {
      queued.remove(server.id);
    }
  }

  /**
   * Closes the connections of {@code server}'s entries that a claim no longer takes next and opens
   * those of the next {@code perServer} ones; a failure is logged, and the claims open their own.
   */
  void prime(DatabaseServer server) {
    if (closed) {
      return;
    }
    List<PoolEntry> next;
    try {
      next = entries.nextReady(server.id, ClientSchema.currentVersion(), perServer);
    } catch (SQLException | RuntimeException e) {
      LOG.debugf("Could not read the next warm-pool entries of %s: %s", server.name, e);
      return;
    }
    Set<UUID> wanted = new HashSet<>();
    next.forEach(entry -> wanted.add(entry.id()));
    Instant expired = clock.instant().minus(SET_ASIDE);
    setAside.forEach(
        (entryId, aside) -> {
          if (aside.at().isBefore(expired) && setAside.remove(entryId, aside)) {
            closeQuietly(aside.connection());
          }
        });
    // a claimed entry is never READY again: once it is not next, it is forgotten here too
    claimedHere.removeIf(entryId -> !wanted.contains(entryId) && !setAside.containsKey(entryId));
    open.forEach(
        (entryId, primed) -> {
          if (primed.serverId().equals(server.id) && !wanted.contains(entryId)) {
            Primed stale = open.remove(entryId);
            if (stale != null) {
              closeQuietly(stale.connection());
            }
          }
        });
    for (PoolEntry entry : next) {
      if (closed || open.containsKey(entry.id()) || claimedHere.contains(entry.id())) {
        continue;
      }
      try {
        Connection connection = login(server, entry).open();
        open.put(entry.id(), new Primed(server.id, connection));
        if (closed) {
          closeAll();
        }
      } catch (SQLException | RuntimeException e) {
        LOG.debugf(
            "Could not prime a connection to %s on %s: %s", entry.database(), server.name, e);
      }
    }
  }

  /** The entries this instance holds a primed connection to now. */
  public Set<UUID> primed() {
    return Set.copyOf(open.keySet());
  }

  /** The entry's own login into its database, guarded unless its server is a trusted default. */
  static DatabaseLogin login(DatabaseServer server, PoolEntry entry) {
    return new DatabaseLogin(
        server.engine,
        server.host,
        server.port,
        entry.database(),
        entry.login(),
        entry.password(),
        false,
        DatabaseServerService.guarded(server));
  }

  /** Stops priming and closes every primed connection. */
  @Override
  public void close() {
    closed = true;
    primer.shutdownNow();
    try {
      primer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeAll();
  }

  private void closeAll() {
    for (UUID entryId : Set.copyOf(open.keySet())) {
      Primed primed = open.remove(entryId);
      if (primed != null) {
        closeQuietly(primed.connection());
      }
    }
    for (UUID entryId : Set.copyOf(setAside.keySet())) {
      SetAside aside = setAside.remove(entryId);
      if (aside != null) {
        closeQuietly(aside.connection());
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing to keep: the server ends the session either way
    }
  }
}
