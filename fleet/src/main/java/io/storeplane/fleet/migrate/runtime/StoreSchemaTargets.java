package io.storeplane.fleet.migrate.runtime;

import io.storeplane.fleet.migrate.JdbcSchemaTarget;
import io.storeplane.fleet.migrate.MigrationLimits;
import io.storeplane.fleet.migrate.SchemaTarget;
import io.storeplane.fleet.migrate.SchemaTargets;
import io.storeplane.fleet.migrate.SupabaseSchemaTarget;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.provider.ConnectionRecords;
import io.storeplane.provisioning.provider.SupabaseProvider;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Finds a store's schema target from the master: its saved login (through the outbound guard unless
 * its managed server is a trusted default) for PostgreSQL and MySQL stores, the SQL channel
 * provisioning uses for Supabase stores. Nothing is opened here.
 */
@ApplicationScoped
public class StoreSchemaTargets implements SchemaTargets {

  private final StoreRepository stores;
  private final ConnectionRecords records;
  private final DatabaseServerService servers;
  private final SupabaseProvider supabase;

  StoreSchemaTargets(
      StoreRepository stores,
      ConnectionRecords records,
      DatabaseServerService servers,
      SupabaseProvider supabase) {
    this.stores = stores;
    this.records = records;
    this.servers = servers;
    this.supabase = supabase;
  }

  @Override
  @Transactional
  public SchemaTarget of(UUID storeId, MigrationLimits limits) {
    Store store = stores.findByIdOptional(storeId).orElseThrow(() -> notFound(storeId));
    if (store.databaseType == null) {
      throw noDatabase(store);
    }
    if (store.databaseType == DatabaseType.SUPABASE) {
      return new SupabaseSchemaTarget(supabase.sqlRunner(storeId), limits);
    }
    boolean guarded =
        !store.databaseType.managed()
            || store.databaseServerId == null
            || DatabaseServerService.guarded(servers.get(store.databaseServerId));
    DatabaseLogin login =
        records
            .read(storeId, store.databaseType.engine(), guarded)
            .orElseThrow(() -> noDatabase(store));
    return new JdbcSchemaTarget("store-" + store.slug, login.dataSource(), login.dialect(), limits);
  }

  private static MasterDataException notFound(UUID storeId) {
    return new MasterDataException(MasterError.STORE_NOT_FOUND, "Store " + storeId + " not found");
  }

  private static ProvisioningException noDatabase(Store store) {
    return new ProvisioningException(
        ProvisioningError.STORE_HAS_NO_DATABASE,
        "Store " + store.slug + " has no saved database connection to migrate.");
  }
}
