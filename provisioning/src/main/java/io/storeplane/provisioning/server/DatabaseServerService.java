package io.storeplane.provisioning.server;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.secret.SecretLocation;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.server.DatabaseServerRepository;
import io.storeplane.master.server.ServerStatus;
import io.storeplane.master.store.DatabaseLocation;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.guard.OutboundConnectionDeniedException;
import io.storeplane.provisioning.guard.OutboundGuards;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The managed database servers: registration (admin password sealed, bound to the row), listing
 * with usage, draining, and placement of a new store on the active server with the most capacity
 * left. Placement locks the engine's active servers, so concurrent jobs never overfill one.
 *
 * <p>The outbound policy: a server registered through the API is checked like an existing database,
 * when it is registered ({@link #register}) and before every connection to it ({@link #adminLogin},
 * {@link #guarded}), and placement skips one the policy refuses now. Only the default servers
 * registered at start from the platform's own configuration are not checked ({@link #guarded}): the
 * operator configured them, and the default PostgreSQL server is the master's own.
 */
@ApplicationScoped
@Transactional
public class DatabaseServerService {

  static final String TABLE = "database_servers";
  static final String COLUMN = "admin_password_ciphertext";

  /**
   * A server to register.
   *
   * @param name unique display name
   * @param engine POSTGRESQL or MYSQL
   * @param host host
   * @param port port
   * @param adminUsername a login that may create databases and logins
   * @param adminPassword its password, sealed before it is stored
   * @param maxStores how many store databases it may hold
   * @param isDefault whether it is the engine's default server
   */
  public record NewServer(
      String name,
      DatabaseEngine engine,
      String host,
      int port,
      String adminUsername,
      SecretString adminPassword,
      int maxStores,
      boolean isDefault) {

    public NewServer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(adminUsername, "adminUsername");
      Objects.requireNonNull(adminPassword, "adminPassword");
      if (maxStores < 1) {
        throw new IllegalArgumentException("maxStores must be positive");
      }
    }
  }

  /**
   * A server with how many stores it holds.
   *
   * @param server the server
   * @param stores store databases placed on it
   * @param poolEntries warm-pool databases on it that no store has claimed (they take room too)
   */
  public record ServerUsage(DatabaseServer server, long stores, long poolEntries) {

    /** A server with no warm-pool database. */
    public ServerUsage(DatabaseServer server, long stores) {
      this(server, stores, 0);
    }

    /** How many more databases it takes (0 when full): its stores' and its pool's count. */
    public long capacityLeft() {
      return Math.max(0, server.maxStores - stores - poolEntries);
    }
  }

  private final DatabaseServerRepository servers;
  private final StoreRepository stores;
  private final StoreLifecycle lifecycle;
  private final SecretCipher cipher;
  private final Clock clock;
  private final AdminConnections adminConnections;

  DatabaseServerService(
      DatabaseServerRepository servers,
      StoreRepository stores,
      StoreLifecycle lifecycle,
      SecretCipher cipher,
      Clock clock,
      AdminConnections adminConnections) {
    this.servers = servers;
    this.stores = stores;
    this.lifecycle = lifecycle;
    this.cipher = cipher;
    this.clock = clock;
    this.adminConnections = adminConnections;
  }

  /**
   * Registers a server. A server that is not a default configured at start must pass the outbound
   * policy first.
   *
   * @throws OutboundConnectionDeniedException when the policy refuses its host or port
   * @throws ProvisioningException {@code DATABASE_SERVER_EXISTS} for a taken name or endpoint
   */
  public DatabaseServer register(NewServer request) {
    if (!request.isDefault()) {
      OutboundGuards.current().check(request.host(), request.port());
    }
    if (servers.findByName(request.name()).isPresent()
        || servers
            .find(
                "engine = ?1 and host = ?2 and port = ?3",
                request.engine(),
                request.host(),
                request.port())
            .firstResultOptional()
            .isPresent()) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_SERVER_EXISTS,
          "A server with this name, or of this engine at this host and port, is already"
              + " registered.");
    }
    Instant now = clock.instant();
    DatabaseServer server = new DatabaseServer();
    server.id = UUID.randomUUID();
    server.name = request.name();
    server.engine = request.engine();
    server.host = request.host();
    server.port = request.port();
    server.adminUsername = request.adminUsername();
    server.adminPasswordCiphertext = cipher.encrypt(request.adminPassword(), location(server.id));
    server.maxStores = request.maxStores();
    server.status = ServerStatus.ACTIVE;
    server.isDefault = request.isDefault() && servers.findDefault(request.engine()).isEmpty();
    server.createdAt = now;
    server.updatedAt = now;
    servers.persist(server);
    return server;
  }

  /** Every server with its usage, by engine then name. */
  public List<ServerUsage> list() {
    Map<UUID, Long> counts = counts();
    Map<UUID, long[]> pools = poolCounts();
    return servers().stream().map(s -> usage(s, counts, pools)).toList();
  }

  /**
   * Every server, by engine then name, without counting its stores or pool (as a choice lists it).
   */
  public List<DatabaseServer> servers() {
    return servers.listAll().stream()
        .sorted(Comparator.comparing((DatabaseServer s) -> s.engine).thenComparing(s -> s.name))
        .toList();
  }

  /**
   * @throws ProvisioningException {@code DATABASE_SERVER_NOT_FOUND}
   */
  public DatabaseServer get(UUID id) {
    return servers
        .findByIdOptional(id)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ProvisioningError.DATABASE_SERVER_NOT_FOUND,
                    "There is no managed database server with this id."));
  }

  /**
   * One server with its usage.
   *
   * @throws ProvisioningException {@code DATABASE_SERVER_NOT_FOUND}
   */
  public ServerUsage usage(UUID id) {
    return new ServerUsage(
        get(id), stores.count("databaseServerId", id), poolCounts().getOrDefault(id, NO_POOL)[0]);
  }

  /** Stops placing new stores on the server; its stores stay. Draining twice changes nothing. */
  public ServerUsage drain(UUID id) {
    DatabaseServer server = get(id);
    if (server.status == ServerStatus.ACTIVE) {
      server.status = ServerStatus.DRAINING;
      server.updatedAt = clock.instant();
    }
    return usage(id);
  }

  /**
   * Refuses a new store of {@code engine} that no registered server could ever take: no server of
   * the engine is {@code ACTIVE} and allowed by the outbound policy. A server that is only full
   * passes (a store leaving it gives it room); a draining one never takes a new store.
   *
   * @throws ProvisioningException {@code NO_DATABASE_SERVER}
   */
  public void requirePlaceable(DatabaseEngine engine) {
    List<DatabaseServer> active =
        servers.list("engine = ?1 and status = ?2", engine, ServerStatus.ACTIVE);
    List<OutboundConnectionDeniedException> ignored = new ArrayList<>();
    if (active.stream().noneMatch(s -> allowed(s, ignored))) {
      throw noDatabaseServer(engine);
    }
  }

  /**
   * Places the store on the active {@code engine} server with the most capacity left (the default
   * first on a tie) and records the server on the store; a store already placed keeps its server.
   * When none has room: {@code NO_SERVER_CAPACITY} (transient) if an active server the policy
   * allows is only full, {@code DATABASE_HOST_DENIED} if the policy refuses every active one, and
   * {@code NO_DATABASE_SERVER} if none is active: the last two never change by waiting.
   *
   * @throws ProvisioningException {@code NO_SERVER_CAPACITY}, {@code DATABASE_HOST_DENIED}, {@code
   *     NO_DATABASE_SERVER}
   */
  public Placement place(UUID storeId, DatabaseEngine engine) {
    Store store = stores.findById(storeId);
    if (store.databaseServerId != null) {
      return new Placement(get(store.databaseServerId), OptionalLong.empty());
    }
    @SuppressWarnings("unchecked")
    List<Object> locked =
        servers
            .getEntityManager()
            .createNativeQuery(
                "SELECT CAST(id AS varchar) FROM database_servers WHERE engine = ?1 AND status ="
                    + " 'ACTIVE' ORDER BY id FOR NO KEY UPDATE")
            .setParameter(1, engine.name())
            .getResultList();
    Map<UUID, Long> counts = counts();
    Map<UUID, long[]> pools = poolCounts();
    List<OutboundConnectionDeniedException> refused = new ArrayList<>();
    List<DatabaseServer> allowed =
        locked.stream()
            .map(id -> servers.findById(UUID.fromString(id.toString())))
            .filter(s -> allowed(s, refused))
            .toList();
    // Warm-pool databases take room; a server whose room they fill still takes a store while it
    // has a ready one (the store claims it: no database is added).
    DatabaseServer chosen =
        allowed.stream()
            .filter(
                s ->
                    usage(s, counts, pools).capacityLeft() > 0
                        || pools.getOrDefault(s.id, NO_POOL)[1] > 0)
            .max(
                Comparator.comparingLong(
                        (DatabaseServer s) -> usage(s, counts, pools).capacityLeft())
                    .thenComparing(s -> s.isDefault))
            .orElseThrow(() -> noServer(engine, allowed.size(), refused));
    lifecycle.locateDatabase(
        store, DatabaseLocation.of(store).onServer(chosen.id, chosen.host, chosen.port));
    stores.getEntityManager().flush();
    return new Placement(chosen, OptionalLong.of(pools.getOrDefault(chosen.id, NO_POOL)[1]));
  }

  /**
   * Where {@link #place} put a store.
   *
   * @param server the store's server
   * @param readyInPool how many warm-pool databases of the server were READY at the current schema
   *     version when the store was placed on it; empty for a store that was placed before
   */
  public record Placement(DatabaseServer server, OptionalLong readyInPool) {}

  /**
   * Whether connections to {@code server}, its admin's and its stores' logins, go through the
   * outbound guard: every server but the defaults registered at start from the platform's own
   * configuration (the master datasource's server and {@code
   * storeplane.provisioning.default-mysql.*}), which the operator configured; never a server
   * registered through the API.
   */
  public static boolean guarded(DatabaseServer server) {
    return !server.isDefault;
  }

  /**
   * The admin login of a server, on its maintenance database; the password only in memory. A server
   * that is {@link #guarded} is checked against the outbound policy first, and its connections are
   * guarded.
   *
   * @throws OutboundConnectionDeniedException when the policy refuses the server now
   */
  public DatabaseLogin adminLogin(DatabaseServer server) {
    if (guarded(server)) {
      OutboundGuards.current().check(server.host, server.port);
    }
    SecretString password =
        server.adminPasswordCiphertext == null
            ? SecretString.of("")
            : cipher.decryptSecret(server.adminPasswordCiphertext, location(server.id));
    return new DatabaseLogin(
        server.engine,
        server.host,
        server.port,
        ServerAdmin.of(server.engine).maintenanceDatabase(),
        server.adminUsername,
        password,
        false,
        guarded(server));
  }

  /**
   * An admin session on {@code server}'s maintenance database, for statements that leave no state
   * in it ({@link ServerAdmin}'s, catalog reads): one this instance kept from an earlier use when
   * one is idle ({@link AdminConnections}), otherwise a new one. Closing it gives it back. Checked
   * against the outbound policy like {@link #adminLogin}.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Connection adminConnection(DatabaseServer server) throws SQLException {
    return adminConnections.open(adminLogin(server));
  }

  /** The default server of {@code engine} unless one (or a server at that endpoint) exists. */
  public void registerDefaultIfAbsent(NewServer request) {
    boolean atEndpoint =
        servers
            .find(
                "engine = ?1 and host = ?2 and port = ?3",
                request.engine(),
                request.host(),
                request.port())
            .firstResultOptional()
            .isPresent();
    if (servers.findDefault(request.engine()).isEmpty()
        && !atEndpoint
        && servers.findByName(request.name()).isEmpty()) {
      register(request);
    }
  }

  /** Whether the policy allows placing a store on {@code server}; a refusal is collected. */
  private static boolean allowed(
      DatabaseServer server, List<OutboundConnectionDeniedException> refused) {
    if (!guarded(server)) {
      return true;
    }
    try {
      OutboundGuards.current().check(server.host, server.port);
      return true;
    } catch (OutboundConnectionDeniedException e) {
      refused.add(e);
      return false;
    }
  }

  /**
   * Why no server took the store: {@code full} active servers the policy allows have no room left
   * (transient), or the policy refuses every active one, or none is active (both permanent).
   */
  private static ProvisioningException noServer(
      DatabaseEngine engine, int full, List<OutboundConnectionDeniedException> refused) {
    if (full > 0) {
      return new ProvisioningException(
          ProvisioningError.NO_SERVER_CAPACITY,
          "Every active managed %s server is full (%d); one gets room back when a store leaves it."
              .formatted(displayName(engine), full));
    }
    if (!refused.isEmpty()) {
      return new ProvisioningException(
          ProvisioningError.DATABASE_HOST_DENIED,
          "No active managed %s server is allowed by the outbound policy (%d refused, first by rule '%s')."
              .formatted(engine, refused.size(), refused.get(0).rule().id()),
          refused.get(0));
    }
    return noDatabaseServer(engine);
  }

  private static ProvisioningException noDatabaseServer(DatabaseEngine engine) {
    return new ProvisioningException(
        ProvisioningError.NO_DATABASE_SERVER,
        ("No managed %s server can take a new store: none is registered and active (a draining"
                + " server takes no new store, and one the outbound policy refuses is skipped). A"
                + " platform admin registers one with POST /api/v1/database-servers (engine \"%s\").")
            .formatted(displayName(engine), engine.name().toLowerCase(Locale.ROOT)));
  }

  private static String displayName(DatabaseEngine engine) {
    return engine == DatabaseEngine.MYSQL ? "MySQL" : "PostgreSQL";
  }

  private Map<UUID, Long> counts() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        stores
            .getEntityManager()
            .createQuery(
                "select s.databaseServerId, count(s) from Store s where s.databaseServerId is not"
                    + " null group by s.databaseServerId")
            .getResultList();
    return rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (Long) r[1]));
  }

  private static final long[] NO_POOL = {0, 0};

  private static ServerUsage usage(
      DatabaseServer server, Map<UUID, Long> counts, Map<UUID, long[]> pools) {
    return new ServerUsage(
        server, counts.getOrDefault(server.id, 0L), pools.getOrDefault(server.id, NO_POOL)[0]);
  }

  /**
   * Per server, from the warm pool's record (package {@code pool}, master V9): {unclaimed entries,
   * READY entries at the current client-schema version}.
   */
  private Map<UUID, long[]> poolCounts() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        stores
            .getEntityManager()
            .createNativeQuery(
                "SELECT CAST(server_id AS varchar), count(*), count(*) FILTER (WHERE state ="
                    + " 'READY' AND schema_version = ?1) FROM warm_pool_entries WHERE state NOT"
                    + " IN ('CLAIMED', 'HANDED_OVER') GROUP BY server_id")
            .setParameter(1, ClientSchema.currentVersion())
            .getResultList();
    return rows.stream()
        .collect(
            Collectors.toMap(
                r -> UUID.fromString(r[0].toString()),
                r -> new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()}));
  }

  static String location(UUID serverId) {
    return SecretLocation.of(TABLE, serverId, COLUMN).associatedData();
  }
}
