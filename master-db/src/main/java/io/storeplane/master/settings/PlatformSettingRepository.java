package io.storeplane.master.settings;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Platform settings by key. */
@ApplicationScoped
public class PlatformSettingRepository implements PanacheRepositoryBase<PlatformSetting, String> {

  private static final String UPSERT =
      "INSERT INTO platform_settings"
          + " (key, value, secret_ciphertext, description, updated_at, updated_by)"
          + " VALUES (:key, %s, %s, :description, :updatedAt, :updatedBy)"
          + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,"
          + " secret_ciphertext = EXCLUDED.secret_ciphertext,"
          + " description = EXCLUDED.description, updated_at = EXCLUDED.updated_at,"
          + " updated_by = EXCLUDED.updated_by";

  /**
   * Creates or replaces {@code key} with a JSON value (and no secret), in one statement, so two
   * admins setting a new key at once cannot collide on the primary key.
   */
  public void upsertValue(
      String key, String valueJson, String description, Instant updatedAt, String updatedBy) {
    upsert("CAST(:stored AS jsonb)", "NULL", key, valueJson, description, updatedAt, updatedBy);
  }

  /** Creates or replaces {@code key} with a sealed secret (and no value), in one statement. */
  public void upsertSecret(
      String key, String ciphertext, String description, Instant updatedAt, String updatedBy) {
    upsert("NULL", ":stored", key, ciphertext, description, updatedAt, updatedBy);
  }

  private void upsert(
      String valueSql,
      String secretSql,
      String key,
      String stored,
      String description,
      Instant updatedAt,
      String updatedBy) {
    getEntityManager()
        .createNativeQuery(UPSERT.formatted(valueSql, secretSql))
        .setParameter("key", key)
        .setParameter("stored", stored)
        .setParameter("description", description)
        .setParameter("updatedAt", updatedAt)
        .setParameter("updatedBy", updatedBy)
        .executeUpdate();
  }
}
