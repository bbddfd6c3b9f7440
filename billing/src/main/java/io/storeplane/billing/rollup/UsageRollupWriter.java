package io.storeplane.billing.rollup;

import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes what a rollup read into the master database, in one statement (so atomically): the
 * store-day's row of {@code usage_metrics} with absolute values (an upsert: a rerun overwrites the
 * same columns with the same values and never touches the API-call columns the meter adds to), and
 * the store's counters in {@code stores} ({@code product_count}: products at the end of the day;
 * {@code order_count}: orders of the day's calendar month up to its end; {@code storage_used_mb})
 * unless a later day of the store was already rolled up, so rerunning an old day never moves the
 * counters back.
 */
@ApplicationScoped
public class UsageRollupWriter {

  private static final String WRITE =
      """
      WITH written AS (
        INSERT INTO usage_metrics (store_id, metric_date, products, products_created,
            products_updated, products_deleted, orders, revenue, storage_bytes, storage_mb,
            rolled_up_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (store_id, metric_date) DO UPDATE SET
          products = EXCLUDED.products,
          products_created = EXCLUDED.products_created,
          products_updated = EXCLUDED.products_updated,
          products_deleted = EXCLUDED.products_deleted,
          orders = EXCLUDED.orders,
          revenue = EXCLUDED.revenue,
          storage_bytes = EXCLUDED.storage_bytes,
          storage_mb = EXCLUDED.storage_mb,
          rolled_up_at = EXCLUDED.rolled_up_at,
          updated_at = EXCLUDED.updated_at
        RETURNING store_id)
      UPDATE stores SET product_count = ?, order_count = ?, storage_used_mb = ?,
             counters_as_of = ?
       WHERE id = (SELECT store_id FROM written)
         AND (counters_as_of IS NULL OR counters_as_of <= ?)
      """;

  private final ConnectionManager connections;

  public UsageRollupWriter(ConnectionManager connections) {
    this.connections = connections;
  }

  /**
   * Writes {@code usage} as {@code storeId}'s usage on {@code day}.
   *
   * @return whether the store's counters were updated too (false: a later day was rolled up)
   */
  public boolean write(UUID storeId, UsageDay day, StoreUsage usage, Instant now)
      throws SQLException {
    Timestamp at = Timestamp.from(now);
    try (Connection c = connections.master().getConnection();
        PreparedStatement s = c.prepareStatement(WRITE)) {
      int i = 0;
      s.setObject(++i, storeId);
      s.setObject(++i, day.date());
      s.setInt(++i, Math.toIntExact(usage.products()));
      s.setInt(++i, Math.toIntExact(usage.productsCreated()));
      s.setInt(++i, Math.toIntExact(usage.productsUpdated()));
      s.setInt(++i, Math.toIntExact(usage.productsDeleted()));
      s.setInt(++i, Math.toIntExact(usage.orders()));
      s.setBigDecimal(++i, usage.revenue());
      s.setLong(++i, usage.storageBytes());
      s.setInt(++i, Math.toIntExact(usage.storageMb()));
      s.setTimestamp(++i, at);
      s.setTimestamp(++i, at);
      s.setInt(++i, Math.toIntExact(usage.products()));
      s.setInt(++i, Math.toIntExact(usage.ordersThisMonth()));
      s.setInt(++i, Math.toIntExact(usage.storageMb()));
      s.setObject(++i, day.date());
      // Two days of one store rolled up at once (a backfill beside the daily run) both lock the
      // store's row: the second re-reads counters_as_of once the first commits, so an older day
      // never moves the counters back.
      s.setObject(++i, day.date());
      return s.executeUpdate() == 1;
    }
  }
}
