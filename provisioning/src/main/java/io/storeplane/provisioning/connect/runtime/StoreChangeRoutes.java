package io.storeplane.provisioning.connect.runtime;

import io.storeplane.master.store.StoreChanged;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Drops this instance's cached route of a store as soon as a change to the store committed (status,
 * suspension, plan, connection, database status: {@link StoreChanged}, fired inside the transaction
 * that made it), so the next call here resolves it again from the master database; a store that is
 * no longer served gives up its pool at once ({@link ConnectionManager#storeChanged}). A change
 * that rolled back drops nothing. Other instances see the change at their version check ({@code
 * storeplane.pools.version-check-interval}).
 */
@ApplicationScoped
public class StoreChangeRoutes {

  private final ConnectionManager connections;

  StoreChangeRoutes(ConnectionManager connections) {
    this.connections = connections;
  }

  void dropRoute(@Observes(during = TransactionPhase.AFTER_SUCCESS) StoreChanged changed) {
    connections.storeChanged(changed.storeId(), changed.dataServed());
  }
}
