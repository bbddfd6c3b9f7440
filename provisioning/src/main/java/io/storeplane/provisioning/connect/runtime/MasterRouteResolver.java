package io.storeplane.provisioning.connect.runtime;

import io.storeplane.master.integration.IntegrationConfig;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.plan.PlanRepository;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseServerRepository;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.master.store.StoreStatus;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.connect.PostgrestTarget;
import io.storeplane.provisioning.connect.RouteAccess;
import io.storeplane.provisioning.connect.RouteResolver;
import io.storeplane.provisioning.connect.RouteStamp;
import io.storeplane.provisioning.connect.StoreRoute;
import io.storeplane.provisioning.provider.ConnectionRecords;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The application's {@link RouteResolver}: a store's route from the master database (the store, its
 * plan's pool size, its database integration config with the secrets decrypted in memory: a JDBC
 * login, or a Supabase project URL and service role key), and the stamps of many stores in one
 * query for the version check.
 */
@ApplicationScoped
public class MasterRouteResolver implements RouteResolver {

  /** The pool size of a store whose plan is gone (plans are never deleted; this is a guard). */
  static final int FALLBACK_POOL_SIZE = 2;

  private static final int STAMP_BATCH = 1000;

  private static final String STAMPS =
      """
      SELECT s.id, s.status, s.database_status, s.database_type,
             COALESCE(p.pool_size, %d) AS pool_size,
             COALESCE(ic.config_version, 0) AS config_version
        FROM stores s
        LEFT JOIN plans p ON p.code = s.plan_code
        LEFT JOIN integration_configs ic ON ic.store_id = s.id AND ic.kind = 'DATABASE'
       WHERE s.id = ANY (?)
      """
          .formatted(FALLBACK_POOL_SIZE);

  private final StoreRepository stores;
  private final PlanRepository plans;
  private final IntegrationService integrations;
  private final ConnectionRecords connections;
  private final DatabaseServerRepository servers;
  private final DataSource master;

  MasterRouteResolver(
      StoreRepository stores,
      PlanRepository plans,
      IntegrationService integrations,
      ConnectionRecords connections,
      DatabaseServerRepository servers,
      DataSource master) {
    this.stores = stores;
    this.servers = servers;
    this.plans = plans;
    this.integrations = integrations;
    this.connections = connections;
    this.master = master;
  }

  @Override
  @Transactional
  public Optional<StoreRoute> resolve(UUID storeId) {
    return stores.findByIdOptional(storeId).map(this::route);
  }

  @Override
  public Map<UUID, RouteStamp> stamps(Collection<UUID> storeIds) {
    List<UUID> ids = List.copyOf(storeIds);
    Map<UUID, RouteStamp> stamps = new HashMap<>();
    try (Connection connection = master.getConnection()) {
      for (int from = 0; from < ids.size(); from += STAMP_BATCH) {
        List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + STAMP_BATCH));
        try (PreparedStatement statement = connection.prepareStatement(STAMPS)) {
          statement.setArray(1, connection.createArrayOf("uuid", batch.toArray()));
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              stamps.put(
                  rows.getObject("id", UUID.class),
                  new RouteStamp(
                      rows.getInt("config_version"),
                      rows.getInt("pool_size"),
                      state(
                          rows.getString("status"),
                          rows.getString("database_status"),
                          rows.getString("database_type"))));
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("The version check could not read the master database", e);
    }
    return stamps;
  }

  private StoreRoute route(Store store) {
    String pool = "store-" + store.slug;
    int poolSize =
        plans.findByIdOptional(store.planCode).map(p -> p.poolSize).orElse(FALLBACK_POOL_SIZE);
    Optional<IntegrationConfig> config = integrations.find(store.id, IntegrationKind.DATABASE);
    RouteStamp stamp =
        new RouteStamp(
            config.map(c -> c.configVersion).orElse(0),
            poolSize,
            state(
                store.status.name(),
                store.databaseStatus == null ? null : store.databaseStatus.name(),
                store.databaseType == null ? null : store.databaseType.name()));
    return new StoreRoute(store.id, store.slug, access(store, pool, config), stamp);
  }

  private RouteAccess access(Store store, String pool, Optional<IntegrationConfig> config) {
    if (!StoreLifecycle.servesData(store)) {
      return new RouteAccess.Refused(
          ProvisioningError.STORE_DATABASE_SUSPENDED,
          "Store %s is %s: its database is not served (pool %s)."
              .formatted(store.slug, describe(store), pool));
    }
    if (store.databaseType == null || config.isEmpty()) {
      return new RouteAccess.Refused(
          ProvisioningError.STORE_NOT_CONNECTED,
          "Store %s has no database connection yet (database status %s)."
              .formatted(
                  store.slug, String.valueOf(store.databaseStatus).toLowerCase(Locale.ROOT)));
    }
    if (store.databaseType == DatabaseType.SUPABASE) {
      return dataApi(store, pool, connections.toSupabase(config.get()));
    }
    // Provisioning's own reading of the saved connection, from the config the stamp was taken
    // from, guarded as in provisioning: every database but one on a trusted default server.
    return new RouteAccess.Jdbc(
        connections.toDatabase(config.get(), store.databaseType.engine(), guarded(store)));
  }

  /**
   * Whether the store's connections go through the outbound guard: always, unless its managed
   * database lives on a trusted default server ({@link DatabaseServerService#guarded}).
   */
  private boolean guarded(Store store) {
    if (!store.databaseType.managed() || store.databaseServerId == null) {
      return true;
    }
    return servers
        .findByIdOptional(store.databaseServerId)
        .map(DatabaseServerService::guarded)
        .orElse(true);
  }

  /**
   * A Supabase store is served by its project's Data API with the service role key, both saved by
   * provisioning's last step; until then it is not connected. The project URL is customer-given:
   * the Data API client checks it against the outbound guard when it is built and on every call.
   */
  private RouteAccess dataApi(
      Store store, String pool, ConnectionRecords.SupabaseConnection saved) {
    Optional<String> url = saved.text("projectUrl");
    Optional<SecretString> key = saved.secret("serviceRoleKey");
    if (url.isEmpty() || key.isEmpty()) {
      return new RouteAccess.Refused(
          ProvisioningError.STORE_NOT_CONNECTED,
          "Store %s has no Supabase project URL and service role key saved yet (pool %s)."
              .formatted(store.slug, pool));
    }
    try {
      return new RouteAccess.Rest(new PostgrestTarget(new URI(url.get()), key.get()));
    } catch (URISyntaxException e) {
      return new RouteAccess.Refused(
          ProvisioningError.STORE_NOT_CONNECTED,
          "Store %s has a saved Supabase project URL that is not a URL (pool %s)."
              .formatted(store.slug, pool));
    }
  }

  private static String describe(Store store) {
    return store.status != StoreStatus.ACTIVE
        ? store.status.name().toLowerCase(Locale.ROOT)
        : "active but its database is suspended";
  }

  /** The part of a stamp that is neither the config version nor the pool size. */
  private static String state(String status, String databaseStatus, String databaseType) {
    return status + "/" + databaseStatus + "/" + databaseType;
  }
}
