package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.connect.table.StoreTables;
import java.util.Optional;
import java.util.UUID;

/**
 * One store's data, as {@link ConnectionManager#forStore(UUID)} hands it out. A handle is cheap and
 * holds no connection: every call borrows one from the store's current pool (opening it when
 * needed, within the global budget and behind the store's circuit breaker) and returns it before it
 * ends. Take a handle per unit of work rather than keeping one for the life of the process.
 */
public interface StoreHandle {

  UUID storeId();

  /** {@code store-<slug>}, as it appears in logs, metrics and errors. */
  String poolName();

  /** Table-level access, the same for every backend. */
  StoreTables tables();

  /** SQL access with a pooled {@code DataSource}, for PostgreSQL and MySQL stores. */
  Optional<StoreJdbc> jdbc();
}
