package io.storeplane.provisioning.connect;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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

  Connection getConnection() throws SQLException {
    return dataSource.getConnection();
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
