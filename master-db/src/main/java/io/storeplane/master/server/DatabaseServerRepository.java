package io.storeplane.master.server;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Managed database servers. */
@ApplicationScoped
public class DatabaseServerRepository implements PanacheRepositoryBase<DatabaseServer, UUID> {

  public Optional<DatabaseServer> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  public Optional<DatabaseServer> findDefault(DatabaseEngine engine) {
    return find("engine = ?1 and isDefault = true", engine).firstResultOptional();
  }
}
