package io.storeplane.provisioning.connect;

import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The open store pools and the global connection budget.
 *
 * <p><b>Budget accounting.</b> An open pool reserves its maximum size against the budget for as
 * long as it is open, whatever it holds at the moment. HikariCP may open a connection at any
 * borrow, so a reservation is the only count that can never be overrun: the database servers never
 * see more than {@code budget} connections from this process. When a new pool does not fit, the
 * least recently used pools nobody holds are closed first; when none can be closed the caller waits
 * up to {@code capacityWait} for a pool to become idle or close, then gets {@code
 * connection-capacity-exhausted}, naming its pool and the live counts.
 *
 * <p><b>Hot path.</b> A caller whose store already has a pool takes a lease with one map read and
 * one compare-and-set; the lock is only taken to open, replace or close pools.
 */
final class PoolRegistry {

  private static final Logger LOG = Logger.getLogger(PoolRegistry.class);

  /** What a client is told when no connection could be had: never the budget's figures. */
  private static final String CAPACITY =
      "No connection to the store's database could be had within the wait; try again shortly.";

  private final PoolSettings settings;
  private final PoolFactory factory;
  private final Clock clock;
  private final ConnectionMetrics metrics;

  private final Map<UUID, Entry> open = new ConcurrentHashMap<>();
  private final Set<StorePool> draining = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Connections reserved by open, draining and closing pools; guarded by {@link #lock}. */
  private int reserved;

  /** Reserved connections of pools being closed right now; guarded by {@link #lock}. */
  private int closing;

  private volatile int waiting;
  private volatile boolean shutDown;

  /** A pool with the generation of the route it was built from. */
  private record Entry(StorePool pool, long generation) {}

  /** A pool's last use as read once, for sorting. */
  private record LastUse(StorePool pool, long millis) {}

  PoolRegistry(PoolSettings settings, PoolFactory factory, Clock clock, ConnectionMetrics metrics) {
    this.settings = settings;
    this.factory = factory;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * A leased pool for the route's store, opened if needed. Give it back with {@link
   * #release(StorePool)}.
   *
   * @throws ProvisioningException {@link ProvisioningError#CONNECTION_CAPACITY_EXHAUSTED}
   */
  StorePool lease(CachedRoute cached, DatabaseLogin target) {
    Entry entry = open.get(cached.route().storeId());
    if (entry != null && current(entry, cached) && entry.pool().tryLease(clock.millis())) {
      return entry.pool();
    }
    return leaseSlowly(cached, target);
  }

  /** Gives a lease back; closes a replaced pool when its last lease returns. */
  void release(StorePool pool) {
    if (pool.release() != 0) {
      return;
    }
    if (pool.retired() && pool.tryClose()) {
      closeNow(pool);
    } else if (waiting > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Closes every pool nobody has used for the idle timeout, and draining pools whose last call
   * ended.
   *
   * @return the pools closed
   */
  int evictIdle() {
    long cutoff = clock.millis() - settings.idleTimeout().toMillis();
    List<StorePool> victims = new ArrayList<>();
    lock.lock();
    try {
      for (Entry entry : open.values()) {
        StorePool pool = entry.pool();
        if (pool.lastUsedMillis() <= cutoff && pool.tryClose()) {
          open.remove(pool.route().storeId(), entry);
          victims.add(pool);
        }
      }
      List<StorePool> drained = new ArrayList<>();
      for (StorePool pool : draining) {
        if (pool.tryClose()) {
          drained.add(pool);
        }
      }
      if (!victims.isEmpty()) {
        metrics.evicted("idle", victims.size());
        LOG.debugf("Closing %d idle store pools", victims.size());
      }
      victims.addAll(drained);
      closeUnlocking(victims);
    } finally {
      lock.unlock();
    }
    return victims.size();
  }

  /**
   * Gives up the store's pool for {@code reason} (a metrics label; {@code why} is the log line,
   * with the pool's name for {@code %s}): it stops taking calls and closes once the calls it has
   * end.
   */
  void discard(UUID storeId, String reason, String why) {
    lock.lock();
    try {
      Entry entry = open.get(storeId);
      if (entry != null) {
        retire(entry, reason, why);
      }
    } finally {
      lock.unlock();
    }
  }

  Optional<StorePool> current(UUID storeId) {
    return Optional.ofNullable(open.get(storeId)).map(Entry::pool);
  }

  List<StorePool> draining(UUID storeId) {
    return draining.stream().filter(p -> p.route().storeId().equals(storeId)).toList();
  }

  List<StorePool> openPools() {
    return open.values().stream().map(Entry::pool).toList();
  }

  int openCount() {
    return open.size();
  }

  int drainingCount() {
    return draining.size();
  }

  int reserved() {
    lock.lock();
    try {
      return reserved;
    } finally {
      lock.unlock();
    }
  }

  int waiting() {
    return waiting;
  }

  /** Closes every pool, busy or not: the process is stopping. */
  void shutdown() {
    List<StorePool> all = new ArrayList<>();
    lock.lock();
    try {
      shutDown = true;
      open.values().forEach(entry -> all.add(entry.pool()));
      open.clear();
      all.addAll(draining);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    all.forEach(StorePool::close);
    lock.lock();
    try {
      draining.clear();
      reserved = 0;
    } finally {
      lock.unlock();
    }
  }

  private boolean current(Entry entry, CachedRoute cached) {
    return entry.pool().route().stamp().equals(cached.route().stamp())
        || entry.generation() > cached.generation();
  }

  private StorePool leaseSlowly(CachedRoute cached, DatabaseLogin target) {
    UUID storeId = cached.route().storeId();
    int need = Math.min(cached.route().poolSize(), settings.maxPoolSize());
    long deadline = System.nanoTime() + settings.capacityWait().toNanos();
    boolean waited = false;
    lock.lock();
    try {
      while (true) {
        if (shutDown) {
          throw new ProvisioningException(
              ProvisioningError.STORE_DATABASE_UNAVAILABLE,
              "Pool " + cached.route().poolName() + ": the connection manager is shut down.",
              "The connection manager of this instance is shut down.",
              List.of(),
              null);
        }
        long now = clock.millis();
        Entry entry = open.get(storeId);
        if (entry != null && current(entry, cached)) {
          if (entry.pool().tryLease(now)) {
            return entry.pool();
          }
          open.remove(storeId, entry);
          continue;
        } else if (entry != null) {
          retire(entry, "rebuild", "Pool %s is rebuilt: its connection settings changed");
          continue;
        }
        if (reserved + need <= settings.budget()) {
          HikariDataSource dataSource = factory.open(cached.route(), target, need);
          StorePool pool = new StorePool(cached.route(), dataSource, need, now);
          reserved += need;
          pool.tryLease(now);
          open.put(storeId, new Entry(pool, cached.generation()));
          LOG.debugf(
              "Opened pool %s (max %d); %d of %d connections reserved",
              pool.name(), need, reserved, settings.budget());
          return pool;
        }
        int shortfall = reserved - closing + need - settings.budget();
        if (shortfall > 0 && evictLeastRecentlyUsed(shortfall)) {
          continue;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          metrics.rejected();
          throw capacityExhausted(cached.route().poolName(), need);
        }
        if (!waited) {
          metrics.waited();
          waited = true;
        }
        waiting++;
        try {
          changed.awaitNanos(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProvisioningException(
              ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED,
              "Pool " + cached.route().poolName() + ": interrupted while waiting for budget.",
              CAPACITY,
              List.of(),
              e);
        } finally {
          waiting--;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Takes a pool out of service: it drains, then closes. Lock held. */
  private void retire(Entry entry, String reason, String why) {
    StorePool pool = entry.pool();
    open.remove(pool.route().storeId(), entry);
    pool.retire();
    metrics.evicted(reason, 1);
    LOG.infof(why, pool.name());
    if (pool.tryClose()) {
      closeUnlocking(List.of(pool));
    } else {
      draining.add(pool);
    }
  }

  /**
   * Closes least recently used idle pools until {@code shortfall} connections are freed, if the
   * idle pools can free that many. Lock held.
   */
  private boolean evictLeastRecentlyUsed(int shortfall) {
    // Last-use times move under concurrent callers: sort a snapshot, or the sort's contract breaks.
    List<StorePool> idle =
        open.values().stream()
            .map(Entry::pool)
            .filter(StorePool::idle)
            .map(pool -> new LastUse(pool, pool.lastUsedMillis()))
            .sorted(Comparator.comparingLong(LastUse::millis))
            .map(LastUse::pool)
            .toList();
    int freeable = idle.stream().mapToInt(StorePool::reserved).sum();
    if (freeable < shortfall) {
      return false;
    }
    List<StorePool> victims = new ArrayList<>();
    int freed = 0;
    for (StorePool pool : idle) {
      if (freed >= shortfall) {
        break;
      }
      if (pool.tryClose()) {
        open.remove(pool.route().storeId());
        victims.add(pool);
        freed += pool.reserved();
      }
    }
    if (victims.isEmpty()) {
      return false;
    }
    metrics.evicted("lru", victims.size());
    LOG.debugf(
        "Closing %d least recently used idle pools to free %d connections", victims.size(), freed);
    closeUnlocking(victims);
    return true;
  }

  /** Closes pools outside the lock (closing talks to databases), then frees their budget. */
  private void closeUnlocking(List<StorePool> pools) {
    if (pools.isEmpty()) {
      return;
    }
    int units = pools.stream().mapToInt(StorePool::reserved).sum();
    closing += units;
    lock.unlock();
    try {
      pools.forEach(StorePool::close);
    } finally {
      lock.lock();
      closing -= units;
      freed(pools, units);
    }
  }

  /** Closes a drained pool from a thread that does not hold the lock. */
  private void closeNow(StorePool pool) {
    pool.close();
    lock.lock();
    try {
      freed(List.of(pool), pool.reserved());
    } finally {
      lock.unlock();
    }
  }

  private void freed(List<StorePool> pools, int units) {
    pools.forEach(draining::remove);
    reserved -= units;
    changed.signalAll();
  }

  private ProvisioningException capacityExhausted(String poolName, int need) {
    int busy = 0;
    for (Entry entry : open.values()) {
      busy += entry.pool().idle() ? 0 : 1;
    }
    return new ProvisioningException(
        ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED,
        ("Pool %s needs %d connections but the budget is spent: %d of %d reserved by %d open"
                + " pools (%d busy) and %d draining, %d callers waiting; waited %d ms."
                + " Raise storeplane.pools.budget or lower the plans' pool sizes.")
            .formatted(
                poolName,
                need,
                reserved,
                settings.budget(),
                open.size(),
                busy,
                draining.size(),
                waiting,
                TimeUnit.NANOSECONDS.toMillis(settings.capacityWait().toNanos())),
        CAPACITY,
        List.of(),
        null);
  }
}
