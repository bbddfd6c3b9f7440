package io.storeplane.master.schema;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The ledger's rows ({@code store_schema_versions}) and the current-version view. */
@ApplicationScoped
public class StoreSchemaVersionRepository
    implements PanacheRepositoryBase<StoreSchemaVersion, StoreSchemaVersion.Key> {

  /** A store's rows, oldest version first. */
  public List<StoreSchemaVersion> listForStore(UUID storeId) {
    return list("storeId = ?1 order by version", storeId);
  }

  /** One store's row of one version. */
  public Optional<StoreSchemaVersion> find(UUID storeId, int version) {
    return findByIdOptional(new StoreSchemaVersion.Key(storeId, version));
  }

  /** The store's newest APPLIED version ({@code store_schema_current}); 0 when it has none. */
  public int currentVersion(UUID storeId) {
    Object version =
        getEntityManager()
            .createNativeQuery(
                "SELECT COALESCE(MAX(schema_version), 0) FROM store_schema_current"
                    + " WHERE store_id = ?1")
            .setParameter(1, storeId)
            .getSingleResult();
    return ((Number) version).intValue();
  }

  /** Deletes every row of the store (its database is gone). */
  public long deleteForStore(UUID storeId) {
    return delete("storeId", storeId);
  }
}
