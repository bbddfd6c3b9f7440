package io.storeplane.provisioning.pool;

import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.server.ServerStatus;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.provisioning.server.TemplateDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The warm pool: on every active managed server, {@code size} databases with their logins made in
 * advance at the current client-schema version (PostgreSQL: cloned from the server's template when
 * it is ready, else Flyway; MySQL/MariaDB: Flyway), so onboarding a managed store claims one
 * instead of creating and migrating a database while its client waits.
 *
 * <p>{@link #refill} keeps the level, one database at a time per server and only while the server
 * has room (entries count as used room). It yields to onboarding: while onboarding is busy anywhere
 * in the cluster (a job running or due, or one ended a moment ago: the next of a stream is most
 * likely on its way), it makes databases only until half the level is ready ({@link #lowWater}),
 * since a database made beside a running onboarding takes the CPU and disk that onboarding is
 * waiting for (on MySQL a whole Flyway migration). It is run by the refill job kind ({@link
 * WarmPoolRefillKind}, one at a time across the cluster). {@link #claim} hands an entry to a store
 * with one statement ({@link PoolEntries#CLAIM}); the store keeps the entry's names (a MySQL or
 * MariaDB database cannot be renamed). An entry at another schema version is never claimed and is
 * dropped by the next refill, as is every entry of a server that takes no new store or of a pool
 * that is switched off.
 */
public final class WarmPool {

  private static final Logger LOG = Logger.getLogger(WarmPool.class);

  /**
   * What one refill of one server did.
   *
   * @param made entries made ready
   * @param dropped entries dropped (old version, left by a dead refill, pool off)
   * @param ready entries ready at the end
   * @param target the level it keeps
   * @param deferred whether it stopped below the level to leave the server to onboarding
   */
  public record Refill(int made, int dropped, long ready, int target, boolean deferred) {}

  private final DatabaseServerService servers;
  private final TemplateDatabases templates;
  private final PoolEntries entries;
  private final int size;
  private final Clock clock;
  private final WarmPoolMetrics metrics;
  private final Consumer<BooleanSupplier> refillSoon;
  private final BooleanSupplier onboarding;
  private final PrimedConnections primed;

  /**
   * @param size the level kept per active managed server; 0 switches the pool off
   * @param refillSoon queues a refill after a claim (the application's does it on a thread of its
   *     own, so the claim does not wait), told whether the claimed server's pool is now below its
   *     {@linkplain #lowWater low-water mark} (asked only when a refill already waits); never
   *     throws for a refill already queued
   * @param onboarding whether onboarding is busy anywhere in the cluster now
   * @param primed this instance's connections into the entries claimed next, kept up to date after
   *     each claim and refill here
   */
  public WarmPool(
      DatabaseServerService servers,
      TemplateDatabases templates,
      PoolEntries entries,
      int size,
      Clock clock,
      WarmPoolMetrics metrics,
      Consumer<BooleanSupplier> refillSoon,
      BooleanSupplier onboarding,
      PrimedConnections primed) {
    if (size < 0) {
      throw new IllegalArgumentException("The warm pool's size is 0 (off) or positive");
    }
    this.servers = servers;
    this.templates = templates;
    this.entries = entries;
    this.size = size;
    this.clock = clock;
    this.metrics = metrics;
    this.refillSoon = refillSoon;
    this.onboarding = onboarding;
    this.primed = primed;
  }

  /** Whether the pool is on (its size is positive). */
  public boolean on() {
    return size > 0;
  }

  /** The level kept on {@code server}: the pool's size on an active server, else 0. */
  public int target(DatabaseServer server) {
    return server.status == ServerStatus.ACTIVE ? size : 0;
  }

  /**
   * The level below which a refill makes databases even while onboarding runs: half of {@code
   * target}, rounded up, so a pool of one is never left empty.
   */
  public static int lowWater(int target) {
    return (target + 1) / 2;
  }

  /** Each server's level now, by server id. */
  public Map<UUID, PoolLevel> levels(List<DatabaseServer> all) throws SQLException {
    Map<UUID, Long> ready = entries.ready(ClientSchema.currentVersion());
    Map<UUID, PoolLevel> levels = new LinkedHashMap<>();
    for (DatabaseServer server : all) {
      levels.put(server.id, new PoolLevel(ready.getOrDefault(server.id, 0L), target(server)));
    }
    return levels;
  }

  /**
   * How many entries of {@code server} are READY at the current version now (0 when the pool is
   * off): a store placed there will most likely claim one, though a concurrent claim may take it.
   */
  public long readyOn(DatabaseServer server) throws SQLException {
    return size == 0 ? 0 : entries.ready(ClientSchema.currentVersion()).getOrDefault(server.id, 0L);
  }

  /**
   * The entry this store holds, or a READY one of {@code server} at the current version claimed for
   * it now; empty when the pool is off or has none (the caller creates the database as before). A
   * claim queues a refill.
   */
  public Optional<PoolEntry> claim(DatabaseServer server, UUID storeId) throws SQLException {
    Optional<PoolEntry> held = entries.claimedBy(storeId);
    if (held.isPresent()) {
      return held;
    }
    if (size == 0) {
      return Optional.empty();
    }
    Optional<PoolEntry> claimed =
        entries.claim(server.id, ClientSchema.currentVersion(), storeId, clock.instant());
    if (claimed.isEmpty()) {
      metrics.missed(server.name);
      return claimed;
    }
    metrics.claimed(server.name);
    primed.claimed(claimed.get());
    try {
      refillSoon.accept(() -> belowLowWater(server));
    } catch (RuntimeException e) {
      // the recurring refill comes anyway; the claim stands
      LOG.warnf("Could not queue a warm-pool refill after a claim: %s", e.getMessage());
    }
    primed.primeSoon(server);
    return claimed;
  }

  /**
   * The connection this instance opened as {@code login} before {@code entryId} was claimed, the
   * caller's to use and close; empty when none was, it was opened as another login, or it no longer
   * answers ({@link PrimedConnections#take}).
   */
  public Optional<Connection> primedConnection(UUID entryId, DatabaseLogin login) {
    return primed.take(entryId, login);
  }

  /** Whether fewer than half of {@code server}'s level are ready (true when it cannot tell). */
  private boolean belowLowWater(DatabaseServer server) {
    try {
      return readyOn(server) < lowWater(target(server));
    } catch (SQLException e) {
      return true;
    }
  }

  /** The entry the store claimed and whose job has not saved it as the store's yet, if any. */
  public Optional<PoolEntry> claimedBy(UUID storeId) throws SQLException {
    return entries.claimedBy(storeId);
  }

  /**
   * Marks the store's claimed entry as its database in use (its connection is saved): no later
   * job's clean-up takes it for the job's own, and the entry's sealed password is erased.
   */
  public void handOver(UUID storeId) throws SQLException {
    entries.handOver(storeId);
  }

  /** Forgets the store's entries once its database is gone (clean-up, purge). */
  public void forget(UUID storeId) throws SQLException {
    entries.deleteClaimedBy(storeId);
  }

  /**
   * Brings {@code server}'s pool to its level: drops what must go (entries left by a dead refill,
   * at another schema version, or every one when the server takes no new store or the pool is off),
   * then makes entries one at a time while fewer than the level are ready and the server has room,
   * stopping at the {@linkplain #lowWater low-water mark} while onboarding runs (checked before
   * each database, so a refill started in a quiet moment yields as soon as onboarding starts).
   */
  public Refill refill(DatabaseServer server) throws SQLException {
    int target = target(server);
    int version = ClientSchema.currentVersion();
    int dropped = drop(server, target == 0 ? Optional.empty() : Optional.of(version));
    int made = 0;
    boolean deferred = false;
    long ready = entries.ready(version).getOrDefault(server.id, 0L);
    while (ready < target && servers.usage(server.id).capacityLeft() > 0) {
      if (ready >= lowWater(target) && onboarding.getAsBoolean()) {
        deferred = true;
        break;
      }
      make(server, version);
      made++;
      metrics.refilled(server.name);
      ready = entries.ready(version).getOrDefault(server.id, 0L);
    }
    metrics.level(server.name, ready);
    primed.primeSoon(server);
    return new Refill(made, dropped, ready, target, deferred);
  }

  /** Drops every unclaimed entry of {@code server}; returns how many. */
  public int dropUnclaimed(DatabaseServer server) throws SQLException {
    return drop(server, Optional.empty());
  }

  private int drop(DatabaseServer server, Optional<Integer> keepVersion) throws SQLException {
    List<PoolEntry> marked = entries.markForDropping(server.id, keepVersion);
    if (marked.isEmpty()) {
      return 0;
    }
    ServerAdmin admin = ServerAdmin.of(server.engine);
    try (Connection connection = servers.adminConnection(server)) {
      for (PoolEntry entry : marked) {
        admin.dropDatabase(connection, entry.database());
        admin.dropLogin(connection, entry.login());
        entries.delete(entry.id());
        metrics.dropped(server.name);
      }
    }
    LOG.infof("Dropped %d warm-pool database(s) from server %s", marked.size(), server.name);
    return marked.size();
  }

  /**
   * Makes one entry: recorded {@code CREATING} first (so a refill that dies half-way leaves a row
   * the next one drops, never an unknown database), then the login and the database, then READY.
   */
  private void make(DatabaseServer server, int version) throws SQLException {
    String name = DatabaseNames.forPoolEntry();
    PoolEntry entry =
        new PoolEntry(
            UUID.randomUUID(),
            server.id,
            name,
            name,
            SecretString.of(DatabaseNames.password()),
            version);
    entries.creating(entry, clock.instant());
    ServerAdmin ddl = ServerAdmin.of(server.engine);
    boolean postgres = server.engine == DatabaseEngine.POSTGRESQL;
    try {
      Optional<String> template;
      try (Connection connection = servers.adminConnection(server)) {
        ddl.createOrResetLogin(connection, entry.login(), entry.password());
        template = postgres ? templates.ready(connection) : Optional.empty();
        ddl.createDatabase(connection, entry.database(), entry.login(), template);
      }
      if (template.isEmpty()) {
        DatabaseLogin login = entry.login(server);
        new ClientSchemaMigrator(login.dataSource(), login.dialect()).migrateTo(version);
      }
    } catch (SQLException | RuntimeException e) {
      try (Connection connection = servers.adminConnection(server)) {
        ddl.dropDatabase(connection, entry.database());
        ddl.dropLogin(connection, entry.login());
        entries.delete(entry.id());
      } catch (SQLException | RuntimeException cleanup) {
        // the CREATING row stays: the next refill drops what is left
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    entries.ready(entry.id(), clock.instant());
  }
}
