package io.storeplane.provisioning.connect;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.provisioning.connect.table.PostgrestExecutor;
import io.storeplane.provisioning.connect.table.PostgrestStoreTables;
import io.storeplane.provisioning.connect.table.StoreTables;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import java.util.Optional;
import java.util.function.Function;

/**
 * The handle of a Supabase store: the table API over its project's Data API; no SQL access (the
 * Data API has none, and the platform keeps no database login for it). Every call goes through the
 * manager, behind the store's circuit breaker.
 */
final class RestStoreHandle extends AbstractStoreHandle implements PostgrestExecutor {

  RestStoreHandle(ConnectionManager manager, StoreRoute route, int maxPageSize) {
    super(manager, route, maxPageSize);
  }

  @Override
  public StoreTables tables() {
    return new PostgrestStoreTables(this, ClientSchema.manifest(), maxPageSize);
  }

  @Override
  public Optional<StoreJdbc> jdbc() {
    return Optional.empty();
  }

  @Override
  public <T> T execute(Function<PostgrestClient, T> work) {
    return manager.executeRest(route.storeId(), work);
  }

  @Override
  public String toString() {
    return "StoreHandle[" + route.poolName() + ", supabase]";
  }
}
