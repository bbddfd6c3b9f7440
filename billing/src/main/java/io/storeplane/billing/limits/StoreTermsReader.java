package io.storeplane.billing.limits;

import io.storeplane.billing.plan.PlanTermsReader;
import io.storeplane.billing.plan.Storage;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.provisioning.connect.ConnectionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Reads a store's {@link StoreTerms} from the master database in one query: its plan's terms
 * ({@link PlanTermsReader}), and the storage of the latest {@code usage_metrics} row the usage
 * rollup wrote ({@code rolled_up_at} set; rows the API-call meter alone wrote have no storage
 * figure).
 */
final class StoreTermsReader {

  private static final String TERMS =
      """
      SELECT %s, u.storage_bytes, u.storage_mb
        FROM %s
        LEFT JOIN LATERAL (
             SELECT m.storage_bytes, m.storage_mb
               FROM usage_metrics m
              WHERE m.store_id = s.id AND m.rolled_up_at IS NOT NULL
              ORDER BY m.metric_date DESC
              LIMIT 1) u ON TRUE
       WHERE s.id = ?
      """
          .formatted(PlanTermsReader.COLUMNS, PlanTermsReader.FROM);

  private final ConnectionManager connections;

  StoreTermsReader(ConnectionManager connections) {
    this.connections = connections;
  }

  /**
   * The store's terms.
   *
   * @throws MasterDataException {@code store-not-found} when no store has this id (deleted since
   *     its route was cached)
   */
  StoreTerms read(UUID storeId) throws SQLException {
    try (Connection connection = connections.master().getConnection();
        PreparedStatement statement = connection.prepareStatement(TERMS)) {
      statement.setObject(1, storeId);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new MasterDataException(
              MasterError.STORE_NOT_FOUND, "There is no store with this id.");
        }
        return new StoreTerms(
            PlanTermsReader.read(row),
            Storage.bytes(row.getLong("storage_bytes"), row.getLong("storage_mb")));
      }
    }
  }
}
