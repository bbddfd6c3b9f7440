package io.storeplane.provisioning.provider;

import io.storeplane.master.integration.IntegrationConfig;
import io.storeplane.master.integration.IntegrationConfigRepository;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.schema.SchemaLedger;
import io.storeplane.master.schema.SchemaReached;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.store.DatabaseLocation;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreChanged;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.master.store.SuspensionReason;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The master-database side of a store's connection: the {@code DATABASE} integration config (its
 * password sealed by {@link IntegrationService}) and where the store's database lives on the store
 * row. Each method is its own short transaction, so a provider never holds a master connection
 * while it talks to a store database; in a step recorded after it runs, the methods join the step's
 * span and commit with the job's next write (docs/jobs.md). Every change of the connection or the
 * database status fires {@link StoreChanged} in that transaction.
 */
@ApplicationScoped
@Transactional
public class ConnectionRecords {

  private final IntegrationService integrations;
  private final IntegrationConfigRepository configs;
  private final StoreRepository stores;
  private final StoreLifecycle lifecycle;
  private final SchemaLedger ledger;

  ConnectionRecords(
      IntegrationService integrations,
      IntegrationConfigRepository configs,
      StoreRepository stores,
      StoreLifecycle lifecycle,
      SchemaLedger ledger) {
    this.integrations = integrations;
    this.configs = configs;
    this.stores = stores;
    this.lifecycle = lifecycle;
    this.ledger = ledger;
  }

  /** The store's saved connection, opened in memory. */
  public Optional<DatabaseLogin> read(UUID storeId, DatabaseEngine engine, boolean guarded) {
    return integrations
        .find(storeId, IntegrationKind.DATABASE)
        .map(config -> toDatabase(config, engine, guarded));
  }

  /**
   * Saves a managed store's login, sealed, and the database's name on the store; returns the login
   * as {@link #read} opens it.
   */
  public DatabaseLogin saveManaged(
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
    lifecycle.locateDatabase(
        storeId, new DatabaseLocation(server.id, server.host, server.port, database));
    return toDatabase(settings, password, server.engine, DatabaseServerService.guarded(server));
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
    lifecycle.connectionSaved(storeId);
  }

  /**
   * Records where a Supabase store's project lives on the store row, and the schema versions its
   * database reached in the schema-version ledger, in one transaction.
   */
  public void recordSupabaseLocation(
      UUID storeId, String host, int port, String projectRef, SchemaReached reached) {
    lifecycle.locateDatabase(storeId, new DatabaseLocation(null, host, port, projectRef));
    ledger.recordReached(storeId, reached);
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

  /**
   * Copies where the saved connection points onto the store row, records the schema versions the
   * store's database reached in the schema-version ledger, and runs {@code then} (a master write of
   * the caller's, such as the warm pool's hand-over), all in one transaction. Returns the saved
   * login's name and where it points, read from its settings (its sealed password stays sealed);
   * empty, having written nothing, when the store has no saved connection.
   */
  @Transactional(rollbackOn = SQLException.class)
  public Optional<SavedLocation> recordLocation(
      UUID storeId, SchemaReached reached, MasterWrite then) throws SQLException {
    Optional<IntegrationConfig> config = integrations.find(storeId, IntegrationKind.DATABASE);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> settings = config.get().settings;
    Store store = stores.findById(storeId);
    DatabaseLocation location = DatabaseLocation.of(store).at(settings);
    lifecycle.locateDatabase(store, location);
    ledger.recordReached(storeId, reached);
    then.run();
    return Optional.of(new SavedLocation((String) settings.get("username"), location));
  }

  /** A write to the master database run inside another's transaction. */
  @FunctionalInterface
  public interface MasterWrite {
    /** Nothing more. */
    MasterWrite NONE = () -> {};

    void run() throws SQLException;
  }

  /**
   * A saved connection's login and where it points (host, port, database), without its password.
   */
  public record SavedLocation(String username, DatabaseLocation location) {

    /** {@code host:port/database}, for a step's message. */
    public String where() {
      return "%s:%d/%s".formatted(location.host(), location.port(), location.name());
    }
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

  /**
   * The store's database was suspended by deprovisioning ({@link
   * SuspensionReason#DATABASE_DEPROVISIONED}): its logins are disabled until it is resumed.
   */
  public Store suspended(UUID storeId) {
    return lifecycle.suspend(stores.findById(storeId), SuspensionReason.DATABASE_DEPROVISIONED);
  }

  /** The store's database was purged: database status {@code NONE}, no database option. */
  public void purged(UUID storeId) {
    lifecycle.purgeDatabase(storeId);
  }

  /**
   * Forgets the store's connection, where its database lived and the schema versions the ledger
   * recorded for it (the database they describe is gone or no longer the platform's).
   */
  public void forget(UUID storeId) {
    configs.findFor(storeId, IntegrationKind.DATABASE).ifPresent(configs::delete);
    lifecycle.locateDatabase(storeId, DatabaseLocation.NOWHERE);
    ledger.forget(storeId);
  }

  /** A saved {@code DATABASE} config read by the caller, opened in memory as a store database. */
  public DatabaseLogin toDatabase(
      IntegrationConfig config, DatabaseEngine engine, boolean guarded) {
    return toDatabase(
        config.settings,
        integrations.secretsOf(config).get("password").orElse(SecretString.of("")),
        engine,
        guarded);
  }

  private static DatabaseLogin toDatabase(
      Map<String, Object> s, SecretString password, DatabaseEngine engine, boolean guarded) {
    return new DatabaseLogin(
        engine,
        (String) s.get("host"),
        ((Number) s.get("port")).intValue(),
        (String) s.get("database"),
        (String) s.get("username"),
        password,
        Boolean.TRUE.equals(s.get("ssl")),
        guarded);
  }
}
