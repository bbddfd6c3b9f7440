package io.storeplane.provisioning.server;

import io.storeplane.provisioning.ProvisioningConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Quarkus glue: this instance's {@link AdminConnections}, sized by {@code
 * storeplane.provisioning.admin-connections.*}; its idle sessions end at shutdown.
 */
@ApplicationScoped
class AdminConnectionsProducer {

  @Produces
  @Singleton
  AdminConnections adminConnections(ProvisioningConfig config) {
    return AdminConnections.kept(
        config.adminConnections().idlePerServer(), config.adminConnections().idleTimeout());
  }

  void close(@Disposes AdminConnections connections) {
    connections.close();
  }
}
