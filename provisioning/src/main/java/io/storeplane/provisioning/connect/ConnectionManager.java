package io.storeplane.provisioning.connect;

import io.micrometer.core.instrument.MeterRegistry;
import io.storeplane.clientschema.jdbc.LentConnection;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.connect.table.ConnectionWork;
import io.storeplane.provisioning.connect.table.SqlDialect;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.guard.OutboundConnectionDeniedException;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The one way to a store's data: {@link #forStore(UUID)} gives the store's {@link StoreHandle}, and
 * {@link #master()} the master database. PostgreSQL and MySQL stores are reached over JDBC through
 * pooled connections; Supabase stores through their project's Data API (PostgREST), behind the same
 * table API ({@link StoreHandle#tables()}).
 *
 * <ul>
 *   <li><b>Routing</b> is cached in memory: a store's route (where its database is, its decrypted
 *       credentials, its plan's pool size) is read from the {@link RouteResolver} once, dropped by
 *       {@link #invalidate(UUID)} when this instance changes the store, and by the version check
 *       ({@link #checkVersions()}, every {@code versionCheckInterval}) when another instance did.
 *       The master database is not on a query's hot path.
 *   <li><b>Pools</b> (HikariCP, named {@code store-<slug>}) open on first use, close after {@code
 *       idleTimeout} unused, and together never reserve more than {@code budget} connections; see
 *       {@link PoolRegistry}. A changed route replaces its store's pool without cutting off calls
 *       in flight on the old one.
 *   <li><b>Data API clients</b> of Supabase stores are built once per route and replaced when the
 *       route's connection changes ({@link RestClients}); there is no pool and no budget to spend.
 *   <li><b>Failing fast</b>: every pool has connect and query timeouts, and so has every Data API
 *       client; every store has a circuit breaker ({@code breakerFailureThreshold} consecutive
 *       failures open it for {@code breakerCoolDown}, then one trial call decides).
 * </ul>
 *
 * <p>Framework-free: the application constructs it with its collaborators (see {@code
 * connect.runtime}); tests and the bench construct it directly.
 */
public final class ConnectionManager implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ConnectionManager.class);

  private final PoolSettings settings;
  private final RouteResolver resolver;
  private final DataSource master;
  private final RouteCache routes;
  private final PoolRegistry pools;
  private final ConnectionMetrics metrics;
  private final RestClients restClients;
  private final ScheduledThreadPoolExecutor scheduler;

  /**
   * A manager for JDBC stores only (the bench, JDBC tests): without a Data API client factory, a
   * Supabase store fails with {@code store-backend-not-supported}.
   */
  public ConnectionManager(
      PoolSettings settings,
      RouteResolver resolver,
      DataSource master,
      Clock clock,
      MeterRegistry meters) {
    this(settings, resolver, master, clock, meters, ConnectionManager::noDataApi);
  }

  /**
   * @param settings validated knobs
   * @param resolver maps a store to its route (cached here)
   * @param master the master database
   * @param clock the source of "now" for idle eviction, LRU order and breaker cool-downs
   * @param meters where the metrics go
   * @param dataApi builds the Data API client of a Supabase store (with the settings' connect and
   *     query timeouts)
   */
  public ConnectionManager(
      PoolSettings settings,
      RouteResolver resolver,
      DataSource master,
      Clock clock,
      MeterRegistry meters,
      PostgrestClientFactory dataApi) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.master = Objects.requireNonNull(master, "master");
    this.metrics = new ConnectionMetrics(meters, settings.metricsTopStores());
    this.restClients =
        new RestClients(Objects.requireNonNull(dataApi, "dataApi"), clock, settings.idleTimeout());
    this.scheduler = new ScheduledThreadPoolExecutor(1, threads("storeplane-pools-maintenance"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.routes = new RouteCache(resolver, settings, clock, this::breakerTransition);
    this.pools =
        new PoolRegistry(
            settings,
            new PoolFactory(settings, scheduler, threads("storeplane-pool")),
            clock,
            metrics);
    metrics.gauges(
        pools::openCount,
        pools::drainingCount,
        settings.budget(),
        pools::reserved,
        pools::waiting,
        this::breakersIn);
    every(settings.maintenanceInterval(), "sweep", this::sweep);
    every(settings.versionCheckInterval(), "version check", this::checkVersions);
  }

  /**
   * The store's handle. Cheap: it resolves the route (from the cache) but opens no connection and
   * builds no client.
   *
   * @throws ProvisioningException {@code store-not-found}, {@code store-not-connected}, {@code
   *     store-database-suspended}
   */
  public StoreHandle forStore(UUID storeId) {
    CachedRoute cached = routes.get(storeId);
    if (cached.route().access() instanceof RouteAccess.Rest) {
      return new RestStoreHandle(this, cached.route(), settings.maxPageSize());
    }
    DatabaseLogin target = jdbcTarget(cached);
    return new JdbcStoreHandle(
        this,
        cached.route(),
        SqlDialect.of(target.engine()),
        (int) settings.queryTimeout().toSeconds(),
        settings.maxPageSize());
  }

  /** The master database (its own pool, managed by the application). */
  public DataSource master() {
    return master;
  }

  /** Drops the store's cached route: this instance changed the store's connection or state. */
  public void invalidate(UUID storeId) {
    routes.invalidate(storeId);
  }

  /**
   * The store changed and the change committed on this instance: drops its route, and when the
   * store is no longer served (suspended, deleted, its database suspended) gives up its pool and
   * its Data API client at once: a suspension may have locked its login and ended its sessions, so
   * what the pool holds must not serve the store again once it is resumed.
   */
  public void storeChanged(UUID storeId, boolean dataServed) {
    routes.invalidate(storeId);
    if (!dataServed) {
      giveUpConnections(
          storeId, "refused", "Pool %s is closed: the platform no longer serves its store");
    }
  }

  /** What is known about the store's connection, without connecting; never a secret. */
  public ConnectionStatus status(UUID storeId) {
    Optional<CachedRoute> cached = routes.cached(storeId);
    StoreRoute store =
        cached
            .map(CachedRoute::route)
            .or(() -> resolver.resolve(storeId))
            .orElseThrow(
                () ->
                    new ProvisioningException(
                        ProvisioningError.STORE_NOT_FOUND, "There is no store with this id."));
    String backend;
    Optional<String> endpoint;
    if (store.access() instanceof RouteAccess.Jdbc jdbc) {
      DatabaseLogin target = jdbc.target();
      backend = target.engine().name().toLowerCase(Locale.ROOT);
      endpoint = Optional.of(target.host() + ":" + target.port() + "/" + target.database());
    } else if (store.access() instanceof RouteAccess.Rest rest) {
      backend = "supabase";
      endpoint = Optional.of(rest.target().endpoint());
    } else {
      backend = ((RouteAccess.Refused) store.access()).code().code();
      endpoint = Optional.empty();
    }
    return new ConnectionStatus(
        storeId,
        store.poolName(),
        cached.isPresent(),
        store.stamp().configVersion(),
        backend,
        endpoint,
        pools.current(storeId).map(StorePool::status),
        pools.draining(storeId).stream().map(StorePool::status).toList(),
        cached.map(entry -> entry.breaker().status()).orElse(BreakerStatus.closed()));
  }

  /** The manager as a whole. */
  public ManagerStatus status() {
    return new ManagerStatus(
        settings.budget(),
        pools.reserved(),
        pools.openCount(),
        pools.drainingCount(),
        pools.waiting(),
        routes.size());
  }

  /**
   * Closes pools unused for the idle timeout and drained replaced pools, retires Data API clients
   * unused for the idle timeout, and refreshes the per-pool metrics. Runs every {@code
   * maintenanceInterval}; callable directly.
   *
   * @return the pools closed
   */
  public int sweep() {
    restClients.evictIdle();
    int closed = pools.evictIdle();
    metrics.refresh(
        pools.openPools().stream()
            .map(
                pool -> {
                  PoolStatus status = pool.status();
                  return new ConnectionMetrics.PoolActivity(
                      pool.name(), pool.uses(), status.active(), status.idle());
                })
            .toList());
    return closed;
  }

  /**
   * Compares every cached route with the master database in one query and drops those that changed;
   * their pools are replaced on next use. Runs every {@code versionCheckInterval}.
   *
   * @return the routes dropped
   */
  public int checkVersions() {
    List<UUID> changed = routes.checkStamps();
    for (UUID storeId : changed) {
      // Changed elsewhere (another instance suspended, moved or re-keyed it): the pool goes now, so
      // sessions a suspension ended are never handed out after the store is resumed.
      giveUpConnections(
          storeId, "rebuild", "Pool %s is closed: its store changed on another instance");
    }
    return changed.size();
  }

  /**
   * Closes every store pool and Data API client and stops the maintenance thread. The master is not
   * closed.
   */
  @Override
  public void close() {
    scheduler.shutdownNow();
    pools.shutdown();
    restClients.closeAll();
  }

  /** Data API clients of Supabase stores open on this instance. */
  public int openDataApiClients() {
    return restClients.openCount();
  }

  /** Runs work on a borrowed connection of the store, judging failures for its breaker. */
  <T> T execute(UUID storeId, ConnectionWork<T> work) {
    Borrowed borrowed = borrowConnection(storeId);
    String pool = borrowed.pool().name();
    try {
      return judged(
          borrowed.cached(),
          borrowed.permit(),
          failure -> SqlFailures.verdict(pool, failure),
          "Pool %s: the driver failed".formatted(pool),
          () -> {
            try (Connection connection = borrowed.connection()) {
              try {
                return work.run(connection);
              } finally {
                borrowed.pool().returned(connection);
              }
            }
          });
    } finally {
      pools.release(borrowed.pool());
    }
  }

  /**
   * Runs work with the Data API client of a Supabase store, judging failures for its breaker: a
   * project that cannot be reached or does not answer counts, a request it refuses does not ({@link
   * RestFailures}).
   */
  <T> T executeRest(UUID storeId, Function<PostgrestClient, T> work) {
    CachedRoute cached = routes.get(storeId);
    PostgrestTarget target = restTarget(cached);
    CircuitBreaker.Permit permit = cached.breaker().acquire();
    String store = cached.route().poolName();
    RestClients.Client client = leaseClient(cached, target, permit);
    try {
      return judged(
          cached,
          permit,
          failure -> RestFailures.verdict(store, failure),
          "Store %s: the Data API client failed".formatted(store),
          () -> work.apply(client.rest()));
    } finally {
      restClients.release(client);
    }
  }

  /** A call to a store's backend. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  /**
   * Runs a call under a breaker permit. The backend's own failures get their {@link Verdict}: they
   * count for the breaker or prove the backend answers. Our refusals (a bad request, the outbound
   * policy) and failures of the client library are no verdict on the store.
   */
  private <T> T judged(
      CachedRoute cached,
      CircuitBreaker.Permit permit,
      Function<Exception, Optional<Verdict>> judge,
      String clientFailed,
      Call<T> call) {
    CircuitBreaker breaker = cached.breaker();
    try {
      T result = call.run();
      breaker.onSuccess(permit);
      return result;
    } catch (Exception e) {
      Optional<Verdict> verdict = judge.apply(e);
      if (verdict.isPresent()) {
        if (verdict.get().counts()) {
          failed(cached, permit, e);
        } else {
          breaker.onSuccess(permit);
        }
        throw verdict.get().failure();
      }
      breaker.onIgnored(permit);
      if (e instanceof ProvisioningException || e instanceof OutboundConnectionDeniedException) {
        throw (RuntimeException) e;
      }
      throw SqlFailures.failure(
          ProvisioningError.STORE_QUERY_FAILED,
          clientFailed + ": " + SqlFailures.summary(e),
          SqlFailures.REFUSED,
          e);
    } catch (Error e) {
      breaker.onIgnored(permit);
      throw e;
    }
  }

  /** The store's client; a client that cannot be built is no verdict on the project. */
  private RestClients.Client leaseClient(
      CachedRoute cached, PostgrestTarget target, CircuitBreaker.Permit permit) {
    try {
      return restClients.lease(cached, target);
    } catch (OutboundConnectionDeniedException e) {
      cached.breaker().onIgnored(permit);
      throw e;
    } catch (ProvisioningException e) {
      cached.breaker().onIgnored(permit);
      throw e.code() == ProvisioningError.STORE_BACKEND_NOT_SUPPORTED
          ? e
          : RestFailures.unusable(cached.route().poolName(), e);
    } catch (RuntimeException e) {
      cached.breaker().onIgnored(permit);
      throw RestFailures.unusable(cached.route().poolName(), e);
    }
  }

  /** A connection for {@link StoreJdbc#dataSource()}; closing it gives the lease back. */
  Connection borrow(UUID storeId) throws SQLException {
    try {
      Borrowed borrowed = borrowConnection(storeId);
      borrowed.cached().breaker().onSuccess(borrowed.permit());
      // closing the handle closes the connection (back to its pool), then gives the lease back,
      // once, even when the close fails
      return LentConnection.wrap(
          borrowed.connection(),
          lent -> {
            try {
              lent.close();
            } finally {
              borrowed.pool().returned(lent);
              pools.release(borrowed.pool());
            }
          });
    } catch (ProvisioningException e) {
      throw new SQLTransientConnectionException(e.getMessage(), "08001", e);
    } catch (OutboundConnectionDeniedException e) {
      throw new SQLNonTransientConnectionException(e.getMessage(), "08004", e);
    }
  }

  /** A borrowed connection, the lease on its pool, and the breaker permit it was taken under. */
  private record Borrowed(
      CachedRoute cached, StorePool pool, CircuitBreaker.Permit permit, Connection connection) {}

  /**
   * Route, breaker permit, pool lease, connection: the path of every call. On failure nothing is
   * left held; the breaker has judged a failure to connect.
   */
  private Borrowed borrowConnection(UUID storeId) {
    CachedRoute cached = routes.get(storeId);
    DatabaseLogin target = jdbcTarget(cached);
    CircuitBreaker.Permit permit = cached.breaker().acquire();
    StorePool pool = lease(cached, target, permit);
    try {
      return new Borrowed(cached, pool, permit, connect(cached, pool, permit));
    } catch (RuntimeException e) {
      pools.release(pool);
      throw e;
    }
  }

  private StorePool lease(CachedRoute cached, DatabaseLogin target, CircuitBreaker.Permit permit) {
    try {
      return pools.lease(cached, target);
    } catch (RuntimeException e) {
      cached.breaker().onIgnored(permit);
      throw e;
    }
  }

  /**
   * Borrows from the pool. A failure to connect counts for the breaker, a pool whose connections
   * are all lent out does not; a breaker that opens gives up the store's pool, so a dead store
   * holds no budget while it fails fast, and the trial call after the cool-down starts afresh.
   */
  private Connection connect(CachedRoute cached, StorePool pool, CircuitBreaker.Permit permit) {
    if (pool.stuck(settings.queryTimeout())) {
      throw stuck(cached, pool, permit);
    }
    try {
      return pool.getConnection();
    } catch (RuntimeException e) {
      failed(cached, permit, e);
      throw SqlFailures.failure(
          ProvisioningError.STORE_DATABASE_UNAVAILABLE,
          "Pool %s: no connection to the store's database (%s)."
              .formatted(pool.name(), SqlFailures.summary(e)),
          SqlFailures.UNAVAILABLE,
          e);
    } catch (SQLException e) {
      boolean saturated = pool.saturated();
      if (saturated && pool.stuck(settings.queryTimeout())) {
        throw stuck(cached, pool, permit);
      }
      if (saturated) {
        cached.breaker().onIgnored(permit);
      } else {
        failed(cached, permit, e.getCause() == null ? e : e.getCause());
      }
      Optional<OutboundConnectionDeniedException> denied =
          OutboundConnectionDeniedException.findIn(e);
      if (denied.isPresent()) {
        throw denied.get();
      }
      throw SqlFailures.connectFailure(pool.name(), e, saturated);
    }
  }

  /**
   * Every connection of the store's pool has been held past the query timeout: the database stopped
   * answering (a healthy one ends or cancels each statement within it). The caller fails at once,
   * and the failure counts for the breaker, as a failed connect does; a pool that is only busy
   * keeps answering {@code connection-capacity-exhausted}, which does not count.
   */
  private ProvisioningException stuck(
      CachedRoute cached, StorePool pool, CircuitBreaker.Permit permit) {
    String message =
        "Pool %s: every connection has been waiting on the database for longer than the query"
                .formatted(pool.name())
            + " timeout (%s); it does not answer.".formatted(settings.queryTimeout());
    counted(cached, permit, message);
    return SqlFailures.failure(
        ProvisioningError.STORE_DATABASE_UNAVAILABLE, message, SqlFailures.UNAVAILABLE, null);
  }

  private void failed(CachedRoute cached, CircuitBreaker.Permit permit, Throwable failure) {
    counted(cached, permit, SqlFailures.summary(failure));
  }

  /** A failure of the database counts for its breaker; an opened breaker gives up the pool. */
  private void counted(CachedRoute cached, CircuitBreaker.Permit permit, String summary) {
    CircuitBreaker breaker = cached.breaker();
    breaker.onFailure(permit, summary);
    if (breaker.state() == BreakerState.OPEN) {
      giveUpConnections(
          cached.route().storeId(), "breaker", "Pool %s is closed: its circuit breaker opened");
    }
  }

  /**
   * Closes the store's pool (once its calls in flight end) and its Data API client; the next call
   * opens fresh ones. {@code reason} is the evictions metric's label, {@code why} the log line.
   */
  private void giveUpConnections(UUID storeId, String reason, String why) {
    pools.discard(storeId, reason, why);
    restClients.discard(storeId);
  }

  private static DatabaseLogin jdbcTarget(CachedRoute cached) {
    RouteAccess access = cached.route().access();
    if (access instanceof RouteAccess.Jdbc jdbc) {
      return jdbc.target();
    }
    throw unusableAccess(cached, "its project's Data API");
  }

  private static PostgrestTarget restTarget(CachedRoute cached) {
    RouteAccess access = cached.route().access();
    if (access instanceof RouteAccess.Rest rest) {
      return rest.target();
    }
    throw unusableAccess(cached, "JDBC");
  }

  /**
   * Why the route cannot serve this call: refused, or the store moved to another backend after the
   * caller took its handle (a new handle works).
   */
  private static ProvisioningException unusableAccess(CachedRoute cached, String nowServedBy) {
    if (cached.route().access() instanceof RouteAccess.Refused refused) {
      return new ProvisioningException(refused.code(), refused.reason());
    }
    return new ProvisioningException(
        ProvisioningError.STORE_BACKEND_NOT_SUPPORTED,
        "Store %s is now served over %s; take a new handle with forStore."
            .formatted(cached.route().poolName(), nowServedBy));
  }

  private static PostgrestClient noDataApi(PostgrestTarget target) {
    throw new ProvisioningException(
        ProvisioningError.STORE_BACKEND_NOT_SUPPORTED,
        "This ConnectionManager was built without a Data API client factory, so it serves no"
            + " Supabase store.");
  }

  private void breakerTransition(String pool, BreakerState state) {
    metrics.breakerTransition(state);
    if (state == BreakerState.OPEN) {
      LOG.warnf(
          "Pool %s: circuit breaker open; calls fail fast for %s, then one trial call decides",
          pool, settings.breakerCoolDown());
    } else {
      LOG.infof("Pool %s: circuit breaker %s", pool, state.wireName());
    }
  }

  private int breakersIn(BreakerState state) {
    int count = 0;
    for (CachedRoute cached : routes.all()) {
      count += cached.breaker().state() == state ? 1 : 0;
    }
    return count;
  }

  private void every(Duration interval, String task, Runnable work) {
    if (interval.isZero()) {
      return;
    }
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            work.run();
          } catch (RuntimeException e) {
            LOG.warnf(e, "Connection manager %s failed; it runs again in %s", task, interval);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
