package io.storeplane.master.integration;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Integration configs, one per store and kind. */
@ApplicationScoped
public class IntegrationConfigRepository implements PanacheRepositoryBase<IntegrationConfig, UUID> {

  public Optional<IntegrationConfig> findFor(UUID storeId, IntegrationKind kind) {
    return find("storeId = ?1 and kind = ?2", storeId, kind).firstResultOptional();
  }
}
