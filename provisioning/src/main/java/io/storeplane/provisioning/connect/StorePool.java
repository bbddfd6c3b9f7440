package io.storeplane.provisioning.connect;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One store's open HikariCP pool and its bookkeeping: how many callers hold it (a lease lasts from
 * before {@code getConnection} until the connection is closed), when it was last used, and whether
 * it is closing. A pool is closed only at zero leases, so eviction and rebuilds never cut off a
 * query in flight.
 */
final class StorePool {

  private static final int CLOSING = -1;

  private final StoreRoute route;
  private final HikariDataSource dataSource;
  private final int reserved;
  private final long createdAtMillis;
  private final AtomicInteger leases = new AtomicInteger();
  private final AtomicLong uses = new AtomicLong();
  private volatile long lastUsedMillis;

  /**
   * When each connection lent out now was handed out, on {@link System#nanoTime()}: real elapsed
   * time, the clock the driver's socket and statement timeouts run on (not the injected clock of
   * idle eviction and cool-downs, which tests move by hand).
   */
  private final Map<Connection, Long> lentSince = new ConcurrentHashMap<>();

  private volatile boolean retired;

  StorePool(StoreRoute route, HikariDataSource dataSource, int reserved, long nowMillis) {
    this.route = route;
    this.dataSource = dataSource;
    this.reserved = reserved;
    this.createdAtMillis = nowMillis;
    this.lastUsedMillis = nowMillis;
  }

  /** Takes a lease unless the pool is closing. */
  boolean tryLease(long nowMillis) {
    for (int n = leases.get(); n != CLOSING; n = leases.get()) {
      if (leases.compareAndSet(n, n + 1)) {
        lastUsedMillis = nowMillis;
        uses.incrementAndGet();
        return true;
      }
    }
    return false;
  }

  /**
   * Returns a lease.
   *
   * @return the leases still held
   */
  int release() {
    return leases.decrementAndGet();
  }

  /** Marks the pool closing if nobody holds it; after that no lease is granted. */
  boolean tryClose() {
    return leases.compareAndSet(0, CLOSING);
  }

  /** Borrows a connection; give it back with {@link #returned(Connection)} before closing it. */
  Connection getConnection() throws SQLException {
    Connection connection = dataSource.getConnection();
    lentSince.put(connection, System.nanoTime());
    return connection;
  }

  /** The connection is being given back to the pool. */
  void returned(Connection connection) {
    lentSince.remove(connection);
  }

  /**
   * Whether the pool is stuck: every connection it may open is lent out and each has been held for
   * longer than {@code queryTimeout}. A healthy store's statements end (or are cancelled) within
   * the query timeout, so a pool in this state is waiting on a database that stopped answering; a
   * pool that is merely busy is never stuck.
   */
  boolean stuck(Duration queryTimeout) {
    if (lentSince.size() < reserved || !saturated()) {
      return false;
    }
    long now = System.nanoTime();
    long limit = queryTimeout.toNanos();
    return lentSince.values().stream().allMatch(since -> now - since > limit);
  }

  /** Closes the HikariCP pool; call only after {@link #tryClose()} succeeded. */
  void close() {
    dataSource.close();
  }

  /** Retires the pool after a config change: idle connections go now, busy ones when returned. */
  void retire() {
    retired = true;
    HikariPoolMXBean mx = dataSource.getHikariPoolMXBean();
    if (mx != null) {
      mx.softEvictConnections();
    }
  }

  /** Whether every connection the pool may open is lent out. */
  boolean saturated() {
    HikariPoolMXBean mx = dataSource.isClosed() ? null : dataSource.getHikariPoolMXBean();
    return mx != null && mx.getActiveConnections() >= reserved;
  }

  boolean retired() {
    return retired;
  }

  boolean idle() {
    return leases.get() == 0;
  }

  int leases() {
    return Math.max(0, leases.get());
  }

  long uses() {
    return uses.get();
  }

  StoreRoute route() {
    return route;
  }

  String name() {
    return route.poolName();
  }

  int reserved() {
    return reserved;
  }

  long createdAtMillis() {
    return createdAtMillis;
  }

  long lastUsedMillis() {
    return lastUsedMillis;
  }

  /** The pool now: active and idle connections from HikariCP (zeros once closed). */
  PoolStatus status() {
    HikariPoolMXBean mx = dataSource.isClosed() ? null : dataSource.getHikariPoolMXBean();
    return new PoolStatus(
        name(),
        retired ? PoolStatus.State.DRAINING : PoolStatus.State.OPEN,
        route.stamp().configVersion(),
        reserved,
        mx == null ? 0 : mx.getActiveConnections(),
        mx == null ? 0 : mx.getIdleConnections(),
        mx == null ? 0 : mx.getThreadsAwaitingConnection(),
        leases(),
        Instant.ofEpochMilli(createdAtMillis),
        Instant.ofEpochMilli(lastUsedMillis));
  }
}
