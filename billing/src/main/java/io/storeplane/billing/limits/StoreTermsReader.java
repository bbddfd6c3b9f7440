package io.storeplane.billing.limits;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.plan.LimitMode;
import io.storeplane.provisioning.connect.ConnectionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Reads a store's {@link StoreTerms} from the master database in one query: its plan's limits and
 * modes, and the storage of the latest {@code usage_metrics} row the usage rollup wrote ({@code
 * rolled_up_at} set; rows the API-call meter alone wrote have no storage figure).
 */
final class StoreTermsReader {

  private static final long MIB = 1024L * 1024L;

  private static final String TERMS =
      """
      SELECT p.code, p.max_products, p.products_limit, p.max_orders_per_month, p.orders_limit,
             p.max_storage_mb, p.storage_limit, u.storage_bytes, u.storage_mb
        FROM stores s
        JOIN plans p ON p.code = s.plan_code
        LEFT JOIN LATERAL (
             SELECT m.storage_bytes, m.storage_mb
               FROM usage_metrics m
              WHERE m.store_id = s.id AND m.rolled_up_at IS NOT NULL
              ORDER BY m.metric_date DESC
              LIMIT 1) u ON TRUE
       WHERE s.id = ?
      """;

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
        long bytes = row.getLong("storage_bytes");
        long megabytes = row.getLong("storage_mb");
        // A row from before storage_bytes existed has only the rounded-up MiB figure.
        long storage = bytes > 0 ? bytes : megabytes * MIB;
        return new StoreTerms(
            row.getString("code"),
            StoreTerms.Bound.of(intOrNull(row, "max_products"), mode(row, "products_limit")),
            StoreTerms.Bound.of(intOrNull(row, "max_orders_per_month"), mode(row, "orders_limit")),
            StoreTerms.Bound.of(intOrNull(row, "max_storage_mb"), mode(row, "storage_limit")),
            storage);
      }
    }
  }

  /** Storage in whole MiB, rounded down: at or over a limit exactly when the bytes are. */
  static long megabytes(long bytes) {
    return bytes / MIB;
  }

  /** The bytes of {@code megabytes} MiB. */
  static long bytes(long megabytes) {
    return megabytes * MIB;
  }

  private static Integer intOrNull(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  private static LimitMode mode(ResultSet row, String column) throws SQLException {
    return LimitMode.valueOf(row.getString(column));
  }
}
