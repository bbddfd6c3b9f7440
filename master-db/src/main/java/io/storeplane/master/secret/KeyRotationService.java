package io.storeplane.master.secret;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-encrypts every secret in the master database under the active key, while the application keeps
 * serving: old keys still decrypt until the pass is done, each batch is its own short transaction,
 * and a row is only rewritten if its ciphertext is still the one that was read (compare-and-set),
 * so a secret changed meanwhile is never overwritten with a stale one.
 */
@ApplicationScoped
public class KeyRotationService {

  /** Every column that holds a sealed secret, with the column that identifies its row. */
  private static final List<SecretColumn> COLUMNS =
      List.of(
          new SecretColumn("integration_configs", "id", "secret_ciphertext"),
          new SecretColumn("database_servers", "id", "admin_password_ciphertext"),
          new SecretColumn("platform_settings", "key", "secret_ciphertext"),
          new SecretColumn("warm_pool_entries", "id", "login_password_ciphertext"));

  private static final int BATCH = 200;

  private final EntityManager entityManager;
  private final SecretCipher cipher;

  KeyRotationService(EntityManager entityManager, SecretCipher cipher) {
    this.entityManager = entityManager;
    this.cipher = cipher;
  }

  /**
   * What a rotation pass did.
   *
   * @param activeKeyId the key every secret is now sealed with
   * @param examined secrets looked at
   * @param rotated secrets rewritten
   * @param rotatedPerTable rewritten secrets per table
   */
  public record RotationResult(
      String activeKeyId, int examined, int rotated, Map<String, Integer> rotatedPerTable) {}

  /** Rewrites every secret not sealed with the active key; safe to run again at any time. */
  public RotationResult rotateAll() {
    int examined = 0;
    int rotated = 0;
    Map<String, Integer> perTable = new LinkedHashMap<>();
    for (SecretColumn column : COLUMNS) {
      String lastId = "";
      int rotatedHere = 0;
      while (true) {
        String after = lastId;
        List<Object[]> batch =
            QuarkusTransaction.requiringNew().call(() -> readBatch(column, after));
        if (batch.isEmpty()) {
          break;
        }
        examined += batch.size();
        rotatedHere += QuarkusTransaction.requiringNew().call(() -> rotateBatch(column, batch));
        lastId = String.valueOf(batch.get(batch.size() - 1)[0]);
      }
      perTable.put(column.table(), rotatedHere);
      rotated += rotatedHere;
    }
    return new RotationResult(cipher.keyRing().activeKeyId(), examined, rotated, perTable);
  }

  /** How many secrets are not yet sealed with the active key. */
  @Transactional
  public int pending() {
    int pending = 0;
    for (SecretColumn column : COLUMNS) {
      @SuppressWarnings("unchecked")
      List<String> values =
          entityManager
              .createNativeQuery(
                  "SELECT "
                      + column.column()
                      + " FROM "
                      + column.table()
                      + " WHERE "
                      + column.column()
                      + " IS NOT NULL")
              .getResultList();
      pending += (int) values.stream().filter(cipher::needsRotation).count();
    }
    return pending;
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> readBatch(SecretColumn column, String afterId) {
    return entityManager
        .createNativeQuery(
            "SELECT CAST("
                + column.idColumn()
                + " AS TEXT), "
                + column.column()
                + " FROM "
                + column.table()
                + " WHERE "
                + column.column()
                + " IS NOT NULL AND CAST("
                + column.idColumn()
                + " AS TEXT) > :after ORDER BY CAST("
                + column.idColumn()
                + " AS TEXT) LIMIT "
                + BATCH)
        .setParameter("after", afterId)
        .getResultList();
  }

  private int rotateBatch(SecretColumn column, List<Object[]> batch) {
    int rotated = 0;
    for (Object[] row : batch) {
      String id = (String) row[0];
      String stored = (String) row[1];
      if (!cipher.needsRotation(stored)) {
        continue;
      }
      String aad = SecretLocation.of(column.table(), id, column.column()).associatedData();
      String fresh = cipher.reencrypt(stored, aad);
      rotated +=
          entityManager
              .createNativeQuery(
                  "UPDATE "
                      + column.table()
                      + " SET "
                      + column.column()
                      + " = :fresh WHERE CAST("
                      + column.idColumn()
                      + " AS TEXT) = :id AND "
                      + column.column()
                      + " = :stored")
              .setParameter("fresh", fresh)
              .setParameter("id", id)
              .setParameter("stored", stored)
              .executeUpdate();
    }
    return rotated;
  }

  /** A column holding sealed secrets; names are constants above, never user input. */
  record SecretColumn(String table, String idColumn, String column) {}
}
