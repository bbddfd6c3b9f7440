package io.storeplane.provisioning.connect.runtime;

import io.quarkus.runtime.StartupEvent;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.master.MasterTopics;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.master.store.StoreChanged;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Drops a store's cached route as soon as a change to the store committed, on whichever instance it
 * was made (status, suspension, plan, connection, database status: {@link StoreChanged}, on the
 * bus's topic {@link MasterTopics#STORE_CHANGED}), so the next call resolves it again from the
 * master database; a store that is no longer served gives up its pool at once ({@link
 * ConnectionManager#storeChanged}). On the instance that made the change this happens on the
 * committing thread, before its request returns; on the others as the bus delivers it (within a
 * second; after a dropped listening connection within the bus's backstop bound). A change that
 * rolled back drops nothing. The version check ({@code storeplane.pools.version-check-interval})
 * stays as the last resort.
 */
@ApplicationScoped
public class StoreChangeRoutes {

  private final ConnectionManager connections;
  private final EventBus bus;
  private Subscription subscription;

  StoreChangeRoutes(ConnectionManager connections, EventBus bus) {
    this.connections = connections;
    this.bus = bus;
  }

  void subscribe(@Observes StartupEvent started) {
    subscription = bus.subscribe(MasterTopics.STORE_CHANGED, this::dropRoute);
  }

  @PreDestroy
  void unsubscribe() {
    if (subscription != null) {
      subscription.close();
    }
  }

  void dropRoute(StoreChanged changed) {
    connections.storeChanged(changed.storeId(), changed.dataServed());
  }
}
