package io.storeplane.billing.rollup;

import io.storeplane.error.StoreplaneException;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.SqlSession;
import io.storeplane.provisioning.connect.StoreHandle;
import io.storeplane.provisioning.connect.StoreJdbc;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.Order;
import io.storeplane.provisioning.connect.table.RowPage;
import io.storeplane.provisioning.connect.table.StoreTables;
import io.storeplane.provisioning.connect.table.TableQuery;
import io.storeplane.provisioning.provider.SupabaseProvider;
import io.storeplane.provisioning.supabase.SupabaseException;
import io.storeplane.provisioning.supabase.schema.SqlRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads one store's usage for one UTC day from its own database, through the ConnectionManager:
 * PostgreSQL and MySQL/MariaDB stores with two aggregate queries on one pooled connection (one
 * REPEATABLE READ transaction, so every count sees the same snapshot; the second only where the
 * schema records deletions), Supabase stores through the table API over their project's Data API
 * (counts, and the sums paged in Java) and their database size through their SQL channel (run-SQL
 * of the Management API). Every failure is the ConnectionManager's ({@code
 * store-database-unavailable}, {@code store-query-timeout}, ...), so the job engine retries the
 * transient ones.
 */
@ApplicationScoped
public class StoreUsageReader {

  /** Rows per page when a Supabase store's sums are added up in Java. */
  static final int PAGE = 500;

  private static final String COUNTS =
      """
      SELECT
        (SELECT COUNT(*) FROM products WHERE created_at < ?) AS products_existing,
        (SELECT COUNT(*) FROM products WHERE created_at >= ? AND created_at < ?) AS created_existing,
        (SELECT COUNT(*) FROM products
          WHERE updated_at >= ? AND updated_at < ? AND created_at < ?) AS products_updated,
        (SELECT COUNT(*) FROM orders WHERE created_at >= ? AND created_at < ?) AS orders,
        (SELECT COALESCE(SUM(grand_total), 0) FROM orders
          WHERE created_at >= ? AND created_at < ?) AS revenue,
        (SELECT COUNT(*) FROM orders WHERE created_at >= ? AND created_at < ?) AS orders_month,
        (SELECT COALESCE(SUM(size_bytes), 0) FROM media_library) AS media_bytes,
        %s AS database_bytes,
        %s AS deletions_recorded
      """;

  private static final String POSTGRESQL_SIZE = "pg_database_size(current_database())";

  private static final String SUPABASE_SIZE = "SELECT " + POSTGRESQL_SIZE + " AS bytes";

  private static final String MYSQL_SIZE =
      "(SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
          + " WHERE table_schema = DATABASE())";

  /**
   * Whether the store's schema records deletions (client schema V3 on): 1 or 0, in the counts'
   * statement, so an older store costs no second round trip to find out. PostgreSQL resolves the
   * name on the search path, as the unqualified table names around it are.
   */
  private static final String POSTGRESQL_HAS_DELETIONS =
      "(CASE WHEN to_regclass('product_deletions') IS NULL THEN 0 ELSE 1 END)";

  private static final String MYSQL_HAS_DELETIONS =
      "(SELECT COUNT(*) FROM information_schema.tables"
          + " WHERE table_schema = DATABASE() AND table_name = 'product_deletions')";

  private static final String DELETIONS =
      """
      SELECT
        (SELECT COUNT(*) FROM product_deletions
          WHERE deleted_at >= ? AND deleted_at < ?) AS products_deleted,
        (SELECT COUNT(*) FROM product_deletions
          WHERE deleted_at >= ? AND product_created_at < ?) AS deleted_since,
        (SELECT COUNT(*) FROM product_deletions
          WHERE product_created_at >= ? AND product_created_at < ?) AS created_deleted
      """;

  private final ConnectionManager connections;
  private final Function<UUID, SqlRunner> supabaseSql;

  @Inject
  StoreUsageReader(ConnectionManager connections, SupabaseProvider supabase) {
    this(connections, supabase::sqlRunner);
  }

  /**
   * @param supabaseSql the SQL channel of a Supabase store (provisioning's: run-SQL through the
   *     Management API, or direct Postgres), through which its database size is read
   */
  public StoreUsageReader(ConnectionManager connections, Function<UUID, SqlRunner> supabaseSql) {
    this.connections = connections;
    this.supabaseSql = supabaseSql;
  }

  /** Reads {@code storeId}'s usage for {@code day}. */
  public StoreUsage read(UUID storeId, UsageDay day) {
    StoreHandle store = connections.forStore(storeId);
    Optional<StoreJdbc> jdbc = store.jdbc();
    if (jdbc.isPresent()) {
      return jdbc.get().inTransaction(session -> readSql(session, day));
    }
    long databaseBytes = supabaseDatabaseSize(storeId);
    return readTables(store.tables(), day, databaseBytes);
  }

  /**
   * A Supabase store's database size: {@code pg_database_size} through the store's SQL channel, one
   * Management API call (the Data API runs no SQL). Its failures are the channel's: transient ones
   * (the API unavailable or rate-limited) fail the store's job for a retry like a database down.
   */
  private long supabaseDatabaseSize(UUID storeId) {
    List<Map<String, Object>> rows = supabaseSql.apply(storeId).run(SUPABASE_SIZE);
    if (rows.isEmpty() || rows.get(0).get("bytes") == null) {
      throw SupabaseException.of(
          ProvisioningError.SUPABASE_INVALID_RESPONSE,
          "The database size query of store " + storeId + " returned no row",
          null);
    }
    Object bytes = rows.get(0).get("bytes");
    return bytes instanceof Number n ? n.longValue() : Long.parseLong(bytes.toString());
  }

  /**
   * The PostgreSQL and MySQL path on one session: what {@link #read} runs in one transaction of the
   * store's pool (public for the benchmark's baseline, which runs it on a plain connection).
   */
  public static StoreUsage readSql(SqlSession session, UsageDay day) throws SQLException {
    // Both statements read one snapshot: a product deleted between them would otherwise be
    // counted once among the products and once among the deletions (PostgreSQL's default, READ
    // COMMITTED, takes a snapshot per statement; MySQL's default is already this). The pool sets
    // the connection's level back when it is returned.
    session.connection().setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    boolean postgresql =
        session
            .connection()
            .getMetaData()
            .getDatabaseProductName()
            .toLowerCase(Locale.ROOT)
            .contains("postgres");
    Instant start = day.start();
    Instant end = day.end();
    Map<String, Object> counts =
        session
            .query(
                COUNTS.formatted(
                    postgresql ? POSTGRESQL_SIZE : MYSQL_SIZE,
                    postgresql ? POSTGRESQL_HAS_DELETIONS : MYSQL_HAS_DELETIONS),
                end,
                start,
                end,
                start,
                end,
                start,
                start,
                end,
                start,
                end,
                day.monthStart(),
                end)
            .get(0);
    boolean recorded = number(counts.get("deletions_recorded")) > 0;
    long deleted = 0;
    long deletedSince = 0;
    long createdDeleted = 0;
    if (recorded) {
      Map<String, Object> deletions =
          session.query(DELETIONS, start, end, end, end, start, end).get(0);
      deleted = number(deletions.get("products_deleted"));
      deletedSince = number(deletions.get("deleted_since"));
      createdDeleted = number(deletions.get("created_deleted"));
    }
    return new StoreUsage(
        number(counts.get("products_existing")) + deletedSince,
        number(counts.get("created_existing")) + createdDeleted,
        number(counts.get("products_updated")),
        deleted,
        recorded,
        number(counts.get("orders")),
        decimal(counts.get("revenue")),
        number(counts.get("orders_month")),
        number(counts.get("database_bytes")),
        number(counts.get("media_bytes")));
  }

  /**
   * The same values through the Data API, which runs no SQL: counts with filters, sums over pages
   * of rows; the database size read beforehand through the store's SQL channel.
   */
  private static StoreUsage readTables(StoreTables tables, UsageDay day, long databaseBytes) {
    Instant start = day.start();
    Instant end = day.end();
    long existing = tables.count("products", List.of(Filter.lt("created_at", end)));
    long createdExisting =
        tables.count(
            "products", List.of(Filter.gte("created_at", start), Filter.lt("created_at", end)));
    long updated =
        tables.count(
            "products",
            List.of(
                Filter.gte("updated_at", start),
                Filter.lt("updated_at", end),
                Filter.lt("created_at", start)));
    List<Filter> ordersOfDay =
        List.of(Filter.gte("created_at", start), Filter.lt("created_at", end));
    long orders = tables.count("orders", ordersOfDay);
    BigDecimal revenue = BigDecimal.ZERO;
    for (BigDecimal total : column(tables, "orders", ordersOfDay, "grand_total")) {
      revenue = revenue.add(total);
    }
    long ordersThisMonth =
        tables.count(
            "orders",
            List.of(Filter.gte("created_at", day.monthStart()), Filter.lt("created_at", end)));
    long media = 0;
    for (BigDecimal size : column(tables, "media_library", List.of(), "size_bytes")) {
      media += size.longValueExact();
    }
    long deleted = 0;
    long deletedSince = 0;
    long createdDeleted = 0;
    boolean recorded = true;
    try {
      deleted =
          tables.count(
              "product_deletions",
              List.of(Filter.gte("deleted_at", start), Filter.lt("deleted_at", end)));
      deletedSince =
          tables.count(
              "product_deletions",
              List.of(Filter.gte("deleted_at", end), Filter.lt("product_created_at", end)));
      createdDeleted =
          tables.count(
              "product_deletions",
              List.of(
                  Filter.gte("product_created_at", start), Filter.lt("product_created_at", end)));
    } catch (StoreplaneException e) {
      if (e.code() != ProvisioningError.STORE_SCHEMA_INCOMPLETE) {
        throw e;
      }
      recorded = false;
    }
    return new StoreUsage(
        existing + deletedSince,
        createdExisting + createdDeleted,
        updated,
        deleted,
        recorded,
        orders,
        revenue,
        ordersThisMonth,
        databaseBytes,
        media);
  }

  /** One numeric column of every matching row, read a page at a time in id order. */
  private static List<BigDecimal> column(
      StoreTables tables, String table, List<Filter> filters, String column) {
    List<BigDecimal> values = new ArrayList<>();
    TableQuery query = new TableQuery(filters, List.of(Order.asc("id")), PAGE, 0, false);
    for (int offset = 0; ; offset += PAGE) {
      RowPage page = tables.select(table, query.page(PAGE, offset));
      for (Map<String, Object> row : page.rows()) {
        values.add(decimal(row.get(column)));
      }
      if (page.rows().size() < PAGE) {
        return values;
      }
    }
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static BigDecimal decimal(Object value) {
    if (value == null) {
      return BigDecimal.ZERO;
    }
    if (value instanceof BigDecimal exact) {
      return exact;
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    return new BigDecimal(value.toString());
  }
}
