package io.storeplane.fleet.drift;

import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.catalog.CatalogRows;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.error.StoreplaneException;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.StoreJdbc;
import io.storeplane.provisioning.provider.SupabaseProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads what a store's database holds: its catalog and the client schema version its own history
 * table records (never a ledger in the master). PostgreSQL and MySQL stores through the
 * ConnectionManager (the store's pool, its circuit breaker); Supabase stores through the SQL
 * channel provisioning applies their schema with (run-SQL, or direct Postgres). Read-only.
 */
@ApplicationScoped
public class StoreSchemaReader {

  private static final String STORE =
      "SELECT slug, status, database_type, database_status FROM stores WHERE id = ?";

  /** What a store's database holds now. */
  public record StoreSchema(
      Dialect dialect, int version, Map<Integer, String> scripts, Catalog catalog) {

    public StoreSchema {
      scripts = Map.copyOf(scripts);
    }
  }

  /**
   * The store a check is about.
   *
   * @param id the store
   * @param slug its slug, for messages
   * @param databaseType its database's type ({@code MANAGED_POSTGRESQL}, ..., {@code SUPABASE})
   */
  public record StoreTarget(UUID id, String slug, String databaseType) {

    public Dialect dialect() {
      return databaseType.endsWith("MYSQL") ? Dialect.MYSQL : Dialect.POSTGRESQL;
    }

    boolean supabase() {
      return "SUPABASE".equals(databaseType);
    }
  }

  private final ConnectionManager connections;
  private final SupabaseProvider supabase;

  StoreSchemaReader(ConnectionManager connections, SupabaseProvider supabase) {
    this.connections = connections;
    this.supabase = supabase;
  }

  /**
   * The store {@code storeId}, when its database can be checked.
   *
   * @throws MasterDataException {@code store-not-found} (none, or deleted)
   * @throws ProvisioningException {@code store-has-no-database} (no active database), {@code
   *     store-database-suspended} (the store or its database is suspended: its login is locked)
   */
  public StoreTarget target(UUID storeId) {
    try (Connection c = connections.master().getConnection();
        PreparedStatement s = c.prepareStatement(STORE)) {
      s.setObject(1, storeId);
      try (ResultSet row = s.executeQuery()) {
        if (!row.next() || "DELETED".equals(row.getString("status"))) {
          throw new MasterDataException(MasterError.STORE_NOT_FOUND, "No store " + storeId);
        }
        String slug = row.getString("slug");
        String type = row.getString("database_type");
        String database = row.getString("database_status");
        if ("SUSPENDED".equals(database) || "SUSPENDED".equals(row.getString("status"))) {
          throw new ProvisioningException(
              ProvisioningError.STORE_DATABASE_SUSPENDED,
              "Store %s or its database is suspended; resume the store to check its schema"
                  .formatted(slug));
        }
        if (type == null || !"ACTIVE".equals(database)) {
          throw new ProvisioningException(
              ProvisioningError.STORE_HAS_NO_DATABASE,
              "Store %s has no active database (its database is %s)"
                  .formatted(slug, database.toLowerCase(Locale.ROOT)));
        }
        return new StoreTarget(storeId, slug, type);
      }
    } catch (SQLException e) {
      throw new MasterDataException(
          MasterError.MASTER_DATABASE_UNAVAILABLE, "Could not read store " + storeId);
    }
  }

  /**
   * Reads the store's catalog and schema version.
   *
   * @throws io.storeplane.provisioning.ProvisioningException {@code store-database-unavailable} and
   *     the other failures of reaching a store (its breaker open, its Supabase project down)
   * @throws FleetException {@code store-schema-unknown} (no Storeplane history), {@code
   *     store-schema-unreadable} (the database answered but its catalog could not be read)
   */
  public StoreSchema read(StoreTarget store) {
    if (store.supabase()) {
      var runner = supabase.sqlRunner(store.id());
      return read(store, runner::run);
    }
    StoreJdbc jdbc = jdbc(store);
    try (Connection connection = jdbc.dataSource().getConnection()) {
      Catalog catalog = inspect(store, connection);
      if (catalog.table(ClientSchema.historyTable()).isEmpty()) {
        throw noHistory(store);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery(historyQuery())) {
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("version", r.getString("version"));
          row.put("script", r.getString("script"));
          rows.add(row);
        }
      }
      return schema(store, catalog, rows);
    } catch (SQLException e) {
      if (e.getCause() instanceof StoreplaneException reaching) {
        throw reaching; // the manager's own failure: unavailable, breaker open, ...
      }
      throw new FleetException(
          FleetError.STORE_SCHEMA_UNREADABLE,
          "Could not read the schema of store %s: %s".formatted(store.slug(), e.getMessage()),
          "Could not read the schema of store %s's database.".formatted(store.slug()),
          e);
    }
  }

  /**
   * The catalog; a connection lost while reading it (SQLSTATE class 08: the database went away
   * under a pooled connection) is the store's database being unavailable, like a refused connect.
   */
  private static Catalog inspect(StoreTarget store, Connection connection) {
    try {
      return CatalogInspector.inspect(connection, store.dialect());
    } catch (ClientSchemaException e) {
      if (e.getCause() instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        throw new ProvisioningException(
            ProvisioningError.STORE_DATABASE_UNAVAILABLE,
            "The database of store %s went away while its catalog was read: %s"
                .formatted(store.slug(), sql.getMessage()),
            "The database of store %s went away while its catalog was read."
                .formatted(store.slug()),
            List.of(),
            e);
      }
      throw e;
    }
  }

  private StoreSchema read(StoreTarget store, CatalogRows channel) {
    Catalog catalog = CatalogInspector.inspectPostgresql(channel);
    if (catalog.table(ClientSchema.historyTable()).isEmpty()) {
      throw noHistory(store);
    }
    try {
      return schema(store, catalog, channel.query(historyQuery()));
    } catch (SQLException e) {
      throw new FleetException(
          FleetError.STORE_SCHEMA_UNREADABLE,
          "Could not read the schema history of store %s: %s"
              .formatted(store.slug(), e.getMessage()),
          "Could not read the schema history of store %s's database.".formatted(store.slug()),
          e);
    }
  }

  /**
   * Runs one DDL statement on the store's database, through the same channel as {@link #read}.
   *
   * @throws io.storeplane.provisioning.ProvisioningException the store's database failures
   */
  public void execute(StoreTarget store, String ddl) {
    if (store.supabase()) {
      supabase.sqlRunner(store.id()).run(ddl);
      return;
    }
    jdbc(store).update(ddl);
  }

  /**
   * Runs one read-only query on the store's database, through the same channel as {@link #read}
   * (the store's pool, or its Supabase SQL channel).
   *
   * @return its rows, column label to value (numbers as {@link Number} or their decimal text)
   * @throws io.storeplane.provisioning.ProvisioningException the store's database failures
   */
  public List<Map<String, Object>> query(StoreTarget store, String sql) {
    if (store.supabase()) {
      return supabase.sqlRunner(store.id()).run(sql);
    }
    return jdbc(store).query(sql);
  }

  private StoreJdbc jdbc(StoreTarget store) {
    return connections
        .forStore(store.id())
        .jdbc()
        .orElseThrow(
            () ->
                new FleetException(
                    FleetError.STORE_SCHEMA_UNREADABLE,
                    "Store " + store.slug() + " has no SQL access"));
  }

  private static String historyQuery() {
    return "SELECT version AS version, script AS script FROM "
        + ClientSchema.historyTable()
        + " WHERE success AND version IS NOT NULL";
  }

  private static StoreSchema schema(
      StoreTarget store, Catalog catalog, List<Map<String, Object>> rows) {
    Map<Integer, String> scripts = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      String version = String.valueOf(row.get("version"));
      if (version.matches("\\d{1,6}") && Integer.parseInt(version) > 0) {
        scripts.put(Integer.parseInt(version), String.valueOf(row.get("script")));
      }
    }
    if (scripts.isEmpty()) {
      throw noHistory(store);
    }
    int version = ((TreeMap<Integer, String>) scripts).lastKey();
    return new StoreSchema(
        store.dialect(), version, scripts, catalog.without(List.of(ClientSchema.historyTable())));
  }

  private static FleetException noHistory(StoreTarget store) {
    return new FleetException(
        FleetError.STORE_SCHEMA_UNKNOWN,
        "Store %s's database records no applied Storeplane client schema version"
            .formatted(store.slug()));
  }
}
