package io.storeplane.provisioning.pool;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.seed.ClientSeeder;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.guard.OutboundGuards;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Connections this instance opened in advance, each as a warm-pool entry's own login into its
 * database, for the entries a claim on their server takes next (the oldest READY ones, in the
 * claim's order), so the seed after a claim does not wait for the server to start a backend, nor,
 * on PostgreSQL, for the backend to learn the seeded tables: each PostgreSQL connection has
 * rehearsed the seed once ({@link ClientSeeder#rehearse}, rolled back) before it is kept. MySQL and
 * MariaDB keep table definitions in caches of the whole server, so a new session has little to warm
 * (the MariaDB seed did not change with a rehearsal: docs/benchmarks.md), and a rehearsal there
 * could take InnoDB gap locks that a seed of the same database, run at the same time, would
 * deadlock against. At most {@code perServer} per server; a claim's seed takes its entry's
 * connection ({@link #take}) or opens one as before. A seed whose entry's connection is being
 * opened and rehearsed waits for it (up to {@link DatabaseLogin#CONNECT_TIMEOUT}) instead of
 * starting a second backend in the same database: on a server where starting a backend costs tens
 * of milliseconds of CPU, that second backend is what a claim under load paid for.
 *
 * <p>Priming runs on one background thread of its own ({@link #primeSoon}), after this instance
 * claims on a server or refills it: it closes the connections of entries that are no longer next
 * (claimed elsewhere, dropped, another version) and opens the missing ones. A claim made here still
 * reads as READY until its transaction commits (the claim commits with its job's next write), so
 * the entries this instance claimed are passed over when the next ones are chosen, not counted
 * among them. The same thread tidies every {@link #TIDY_EVERY}, closing what is no longer next on
 * every server it holds connections to, so an instance that stops claiming keeps none into another
 * store's database for long. A claim here sets its entry's connection aside ({@link #claimed})
 * until its seed takes it, so priming after the claim does not close it; one not taken within
 * {@link #SET_ASIDE} (its job failed first) is closed.
 *
 * <p>{@link #take} hands a connection over only when it is alive ({@code isValid}), was opened as
 * exactly the login create-database saved for the store (so the seed still proves that login
 * reaches the database) and, on a guarded server, the outbound policy still allows the server;
 * otherwise the seed opens its own. Dropping a pool database ends its connections ({@code DROP
 * DATABASE … WITH (FORCE)} on PostgreSQL; a login's sessions are ended before it is dropped), so a
 * primed connection never holds a drop up.
 */
public final class PrimedConnections implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PrimedConnections.class);

  /** How long {@link #take} lets a primed connection answer that it is alive. */
  private static final int VALID_SECONDS = 1;

  /** How long a claimed entry's connection waits for its seed before it is closed. */
  static final Duration SET_ASIDE = Duration.ofMinutes(1);

  /** How often every server's primed connections are checked against the entries claimed next. */
  static final Duration TIDY_EVERY = Duration.ofSeconds(30);

  /** A connection opened as {@code login}, into an entry of {@code serverId}, at {@code at}. */
  private record Primed(UUID serverId, DatabaseLogin login, Connection connection, Instant at) {}

  /** A claim made on this instance: of an entry of {@code serverId}, at {@code at}. */
  private record Claim(UUID serverId, Instant at) {}

  private final PoolEntries entries;
  private final int perServer;
  private final Clock clock;
  private final ScheduledExecutorService primer;
  private final Map<UUID, Primed> open = new ConcurrentHashMap<>();
  private final Map<UUID, Primed> setAside = new ConcurrentHashMap<>();

  /**
   * Entries claimed here: never primed, and passed over when the next entries are chosen, while
   * they still read as READY (until the claim commits, or for {@link #SET_ASIDE} when it never
   * does: its transaction rolled back and the entry is claimable again).
   */
  private final Map<UUID, Claim> claimedHere = new ConcurrentHashMap<>();

  /** Entries whose connection the primer is opening now, done when it is kept or has failed. */
  private final Map<UUID, CompletableFuture<Void>> opening = new ConcurrentHashMap<>();

  private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param perServer connections kept per server; 0 primes none (and starts no thread)
   */
  public PrimedConnections(PoolEntries entries, int perServer, Clock clock) {
    if (perServer < 0) {
      throw new IllegalArgumentException(
          "storeplane.provisioning.warm-pool.primed-connections is 0 (none) or more, not "
              + perServer);
    }
    this.entries = entries;
    this.perServer = perServer;
    this.clock = clock;
    this.primer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "storeplane-warm-pool-primer");
              thread.setDaemon(true);
              return thread;
            });
    if (perServer > 0) {
      long every = TIDY_EVERY.toMillis();
      primer.scheduleWithFixedDelay(this::tidy, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Primes nothing: every claim opens its own connection (a pool outside the application). */
  public static PrimedConnections none() {
    return new PrimedConnections(null, 0, Clock.systemUTC());
  }

  /**
   * {@code entry} was claimed on this instance: its connection, if primed (or once primed, when it
   * is being opened), is set aside for the claim's seed ({@link #take}) instead of being closed as
   * no longer next.
   */
  public void claimed(PoolEntry entry) {
    if (perServer == 0) {
      return;
    }
    UUID entryId = entry.id();
    synchronized (this) {
      claimedHere.put(entryId, new Claim(entry.serverId(), clock.instant()));
      Primed primed = open.remove(entryId);
      if (primed != null) {
        setAside.put(
            entryId,
            new Primed(primed.serverId(), primed.login(), primed.connection(), clock.instant()));
      }
    }
    if (closed) {
      closeAll();
    }
  }

  /**
   * The connection primed for {@code entryId}, now the caller's to use and close, when it was
   * opened as exactly {@code login} (the store's saved login), still answers and, on a guarded
   * server, the outbound policy still allows the server; empty otherwise (a connection that does
   * not qualify is closed here).
   */
  public Optional<Connection> take(UUID entryId, DatabaseLogin login) {
    if (perServer == 0) {
      return Optional.empty();
    }
    awaitOpening(entryId);
    Primed aside = setAside.remove(entryId);
    Primed primed = open.remove(entryId);
    if (aside != null && primed != null) {
      closeQuietly(primed.connection());
    }
    Primed taken = aside != null ? aside : primed;
    if (taken == null) {
      return Optional.empty();
    }
    String declined;
    try {
      if (!taken.login().equals(login)) {
        declined = "it was opened as another login than the store's saved one";
      } else {
        if (login.guarded()) {
          OutboundGuards.current().check(login.host(), login.port());
        }
        long asked = System.nanoTime();
        if (taken.connection().isClosed()) {
          // nothing used it since it was primed: only this instance can have closed it
          declined =
              "it was closed on this instance (primed or set aside %s)".formatted(taken.at());
        } else if (taken.connection().isValid(VALID_SECONDS)) {
          return Optional.of(taken.connection());
        } else {
          // ended by the server or the network: a dead one fails at once, a hanging one after
          // VALID_SECONDS
          declined =
              "the server or the network ended it (isValid false after %d ms, primed or set aside"
                      .formatted((System.nanoTime() - asked) / 1_000_000)
                  + " %s%s)".formatted(taken.at(), whyDead(taken.connection()));
        }
      }
    } catch (SQLException | RuntimeException e) {
      // the seed opens its own connection, and meets the same refusal there
      declined = e.getMessage();
    }
    // rare, and the onboarding pays a new connection for it: say why
    LOG.infof("The primed connection to warm-pool entry %s is not used: %s", entryId, declined);
    closeQuietly(taken.connection());
    return Optional.empty();
  }

  /**
   * Waits, up to the time a new connection may take to open, while the primer is opening {@code
   * entryId}'s connection: it is most of the way to what the seed would open itself, and a second
   * backend for one database costs the server as much again. One that is not ready in time is
   * closed as soon as it is, unused: the seed opens its own.
   */
  private void awaitOpening(UUID entryId) {
    CompletableFuture<Void> primedSoon = opening.get(entryId);
    if (primedSoon == null) {
      return;
    }
    try {
      primedSoon.get(DatabaseLogin.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeWhenPrimed(entryId, primedSoon);
    } catch (ExecutionException | TimeoutException e) {
      closeWhenPrimed(entryId, primedSoon);
    }
  }

  /** Closes {@code entryId}'s connection once the primer has kept it (it is never used). */
  private void closeWhenPrimed(UUID entryId, CompletableFuture<Void> primedSoon) {
    primedSoon.thenRun(
        () -> {
          for (Map<UUID, Primed> held : List.of(setAside, open)) {
            Primed late = held.remove(entryId);
            if (late != null) {
              closeQuietly(late.connection());
            }
          }
        });
  }

  /** What the driver says when the dead connection is used once more. */
  private static String whyDead(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
      return "; it answered a query afterwards";
    } catch (SQLException | RuntimeException e) {
      return "; the driver says: " + e.getMessage();
    }
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

  /** The entries this instance holds a primed connection to now (set-aside ones not included). */
  public Set<UUID> primed() {
    return Set.copyOf(open.keySet());
  }

  /**
   * Closes the connections of {@code server}'s entries that a claim no longer takes next and opens
   * those of the next {@code perServer} ones; a failure is logged, and the claims open their own.
   */
  void prime(DatabaseServer server) {
    Optional<List<PoolEntry>> next = prune(server.id);
    if (next.isEmpty()) {
      return;
    }
    for (PoolEntry entry : next.get()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      synchronized (this) {
        // with claimed(): a claim either comes first and is skipped, or finds the opening to wait
        // for
        if (closed || open.containsKey(entry.id()) || claimedHere.containsKey(entry.id())) {
          continue;
        }
        opening.put(entry.id(), done);
      }
      DatabaseLogin login = entry.login(server);
      Connection connection = null;
      try {
        connection = login.open();
        if (login.dialect() == Dialect.POSTGRESQL) {
          ClientSeeder.rehearse(connection, login.dialect());
        }
        keep(entry.id(), new Primed(server.id, login, connection, clock.instant()));
      } catch (SQLException | RuntimeException e) {
        if (connection != null) {
          closeQuietly(connection);
        }
        LOG.debugf(
            "Could not prime a connection to %s on %s: %s", entry.database(), server.name, e);
      } finally {
        opening.remove(entry.id());
        done.complete(null);
      }
    }
  }

  /**
   * Keeps a connection just primed: set aside when its entry was claimed here while it was being
   * opened (its claim's seed is waiting for it, or comes soon), else with the open ones.
   */
  private void keep(UUID entryId, Primed primed) {
    synchronized (this) {
      (claimedHere.containsKey(entryId) ? setAside : open).put(entryId, primed);
    }
    if (closed) {
      closeAll();
    }
  }

  /** Prunes every server this instance holds connections to (the periodic tidy). */
  private void tidy() {
    Set<UUID> servers = new HashSet<>();
    open.values().forEach(primed -> servers.add(primed.serverId()));
    setAside.values().forEach(primed -> servers.add(primed.serverId()));
    servers.forEach(this::prune);
  }

  /**
   * Closes {@code serverId}'s set-aside connections older than {@link #SET_ASIDE} and its primed
   * ones whose entries a claim no longer takes next; returns those next entries, empty when the
   * master could not be read (then nothing is closed but the expired set-aside ones).
   */
  private Optional<List<PoolEntry>> prune(UUID serverId) {
    Instant expired = clock.instant().minus(SET_ASIDE);
    setAside.forEach(
        (entryId, aside) -> {
          if (aside.serverId().equals(serverId)
              && aside.at().isBefore(expired)
              && setAside.remove(entryId, aside)) {
            closeQuietly(aside.connection());
          }
        });
    if (closed) {
      return Optional.empty();
    }
    Instant forgotten = clock.instant().minus(SET_ASIDE);
    Set<UUID> claimed = new HashSet<>();
    claimedHere.forEach(
        (entryId, claim) -> {
          if (claim.serverId().equals(serverId)) {
            claimed.add(entryId);
          }
        });
    List<PoolEntry> next;
    Set<UUID> stillReady;
    try {
      // a claim made here still reads as READY until its transaction commits: passed over, it
      // does not take the place of an entry claimed after it
      next = entries.nextReady(serverId, ClientSchema.currentVersion(), perServer, claimed);
      stillReady = entries.stillReady(claimed);
    } catch (SQLException | RuntimeException e) {
      LOG.debugf("Could not read the next warm-pool entries of server %s: %s", serverId, e);
      return Optional.empty();
    }
    // forgotten once committed (never READY again), or a minute after a claim whose transaction
    // rolled back (the entry is claimable again, and primed again like any other)
    for (UUID entryId : claimed) {
      Claim claim = claimedHere.get(entryId);
      boolean over =
          claim != null && (!stillReady.contains(entryId) || claim.at().isBefore(forgotten));
      if (over && !setAside.containsKey(entryId)) {
        claimedHere.remove(entryId, claim);
      }
    }
    Set<UUID> wanted = new HashSet<>();
    next.forEach(entry -> wanted.add(entry.id()));
    open.forEach(
        (entryId, primed) -> {
          if (primed.serverId().equals(serverId)
              && !wanted.contains(entryId)
              && open.remove(entryId, primed)) {
            closeQuietly(primed.connection());
          }
        });
    return Optional.of(next);
  }

  /** Stops priming and closes every primed connection; a seed waiting for one opens its own. */
  @Override
  public void close() {
    closed = true;
    opening.values().forEach(primedSoon -> primedSoon.complete(null));
    primer.shutdownNow();
    try {
      primer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeAll();
  }

  private void closeAll() {
    for (Map<UUID, Primed> held : List.of(open, setAside)) {
      for (UUID entryId : Set.copyOf(held.keySet())) {
        Primed primed = held.remove(entryId);
        if (primed != null) {
          closeQuietly(primed.connection());
        }
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
