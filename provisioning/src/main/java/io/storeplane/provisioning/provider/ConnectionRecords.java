package io.storeplane.provisioning.provider;

import io.storeplane.master.integration.IntegrationConfig;
import io.storeplane.master.integration.IntegrationConfigRepository;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreChanged;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.provisioning.database.DatabaseLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The master-database side of a store's connection: the {@code DATABASE} integration config (its
 * password sealed by {@link IntegrationService}) and where the store's database lives on the store
 * row. Each method is its own short transaction, so a provider never holds a master connection
 * while it talks to a store database. Every change of the connection or the database status fires
 * {@link StoreChanged} in that transaction.
 */
@ApplicationScoped
@Transactional
public class ConnectionRecords {

  private final IntegrationService integrations;
  private final IntegrationConfigRepository configs;
  private final StoreRepository stores;
  private final Event<StoreChanged> changed;
  private final Clock clock;

  ConnectionRecords(
      IntegrationService integrations,
      IntegrationConfigRepository configs,
      StoreRepository stores,
      Event<StoreChanged> changed,
      Clock clock) {
    this.integrations = integrations;
    this.configs = configs;
    this.stores = stores;
    this.changed = changed;
    this.clock = clock;
  }

  /** The store's saved connection, opened in memory. */
  public Optional<DatabaseLogin> read(UUID storeId, DatabaseEngine engine, boolean guarded) {
    return integrations
        .find(storeId, IntegrationKind.DATABASE)
        .map(config -> toDatabase(config, engine, guarded));
  }

  /** Saves a managed store's login, sealed, and the database's name on the store. */
  public void saveManaged(
      UUID storeId,
      DatabaseType type,
      DatabaseServer server,
      String database,
      String login,
      SecretString password) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("host", server.host);
    settings.put("port", server.port);
    settings.put("database", database);
    settings.put("username", login);
    settings.put("ssl", false);
    settings.put("serverId", server.id.toString());
    integrations.save(
        storeId,
        IntegrationKind.DATABASE,
        type.wireName(),
        settings,
        IntegrationSecrets.of(Map.of("password", password)));
    Store store = stores.findById(storeId);
    store.databaseName = database;
    store.databaseServerId = server.id;
    store.databaseHost = server.host;
    store.databasePort = server.port;
    store.updatedAt = clock.instant();
    changed.fire(new StoreChanged(storeId));
  }

  /**
   * A Supabase store's saved settings and secrets (the {@code DATABASE} integration config, which
   * has no host or port), opened in memory.
   */
  public Optional<SupabaseConnection> readSupabase(UUID storeId) {
    return integrations.find(storeId, IntegrationKind.DATABASE).map(this::toSupabase);
  }

  /** A saved Supabase {@code DATABASE} config read by the caller, opened in memory. */
  public SupabaseConnection toSupabase(IntegrationConfig config) {
    return new SupabaseConnection(
        new LinkedHashMap<>(config.settings), integrations.secretsOf(config));
  }

  /** Replaces a Supabase store's settings and secrets (secrets sealed). */
  public void saveSupabase(UUID storeId, Map<String, Object> settings, IntegrationSecrets secrets) {
    integrations.save(
        storeId, IntegrationKind.DATABASE, DatabaseType.SUPABASE.wireName(), settings, secrets);
    changed.fire(new StoreChanged(storeId));
  }

  /** Records where a Supabase store's project lives on the store row. */
  public void recordSupabaseLocation(UUID storeId, String host, int port, String projectRef) {
    Store store = stores.findById(storeId);
    store.databaseHost = host;
    store.databasePort = port;
    store.databaseName = projectRef;
    store.databaseServerId = null;
    store.updatedAt = clock.instant();
  }

  /** A Supabase store's saved settings and its opened secrets. */
  public record SupabaseConnection(Map<String, Object> settings, IntegrationSecrets secrets) {

    /** A text setting. */
    public Optional<String> text(String key) {
      Object value = settings.get(key);
      return value == null || value.toString().isBlank()
          ? Optional.empty()
          : Optional.of(value.toString());
    }

    /** A secret, when given and not blank. */
    public Optional<SecretString> secret(String key) {
      return secrets.get(key).filter(s -> !s.isEmpty());
    }
  }

  /** Copies where the saved connection points onto the store row. */
  public void recordLocation(UUID storeId) {
    Store store = stores.findById(storeId);
    integrations
        .find(storeId, IntegrationKind.DATABASE)
        .ifPresent(
            config -> {
              store.databaseHost = (String) config.settings.get("host");
              store.databasePort = ((Number) config.settings.get("port")).intValue();
              store.databaseName = (String) config.settings.get("database");
              store.updatedAt = clock.instant();
            });
    changed.fire(new StoreChanged(storeId));
  }

  /** The name of the store's database, once one is known. */
  public Optional<String> databaseName(UUID storeId) {
    return Optional.ofNullable(stores.findById(storeId).databaseName);
  }

  /** Whether the store's database is ready (so nothing of it may be dropped by a clean-up). */
  public boolean active(UUID storeId) {
    return stores.findById(storeId).databaseStatus
        == io.storeplane.master.store.DatabaseStatus.ACTIVE;
  }

  /** Sets where the store's database stands; {@code NONE} also clears the database option. */
  public void markDatabase(UUID storeId, io.storeplane.master.store.DatabaseStatus status) {
    Store store = stores.findById(storeId);
    store.databaseStatus = status;
    if (status == io.storeplane.master.store.DatabaseStatus.NONE) {
      store.databaseType = null;
    }
    store.updatedAt = clock.instant();
    changed.fire(new StoreChanged(storeId));
  }

  /** Forgets the store's connection and where its database lived. */
  public void forget(UUID storeId) {
    configs.findFor(storeId, IntegrationKind.DATABASE).ifPresent(configs::delete);
    Store store = stores.findById(storeId);
    store.databaseServerId = null;
    store.databaseHost = null;
    store.databasePort = null;
    store.databaseName = null;
    store.updatedAt = clock.instant();
    changed.fire(new StoreChanged(storeId));
  }

  /** A saved {@code DATABASE} config read by the caller, opened in memory as a store database. */
  public DatabaseLogin toDatabase(
      IntegrationConfig config, DatabaseEngine engine, boolean guarded) {
    Map<String, Object> s = config.settings;
    IntegrationSecrets secrets = integrations.secretsOf(config);
    return new DatabaseLogin(
        engine,
        (String) s.get("host"),
        ((Number) s.get("port")).intValue(),
        (String) s.get("database"),
        (String) s.get("username"),
        secrets.get("password").orElse(SecretString.of("")),
        Boolean.TRUE.equals(s.get("ssl")),
        guarded);
  }
}
