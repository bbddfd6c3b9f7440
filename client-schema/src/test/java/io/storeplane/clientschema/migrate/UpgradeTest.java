package io.storeplane.clientschema.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store database at an older version holding data is upgraded with its data intact; version 4
 * meets data it cannot take (an order line without a SKU whose variant is gone) and stops cleanly.
 */
class UpgradeTest {

  private static final String CATEGORY = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0001";
  private static final String SUBCATEGORY = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0002";
  private static final String PRODUCT = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0003";
  private static final String VARIANT = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0004";
  private static final String LOCATION = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0005";
  private static final String CUSTOMER = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0006";
  private static final String ORDER = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0007";
  private static final String LINE_WITHOUT_SKU = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0a01";

  /** What the V1 store holds; each query is read before and after the upgrade. */
  private static final List<String> SNAPSHOT_QUERIES =
      List.of(
          "SELECT id, parent_id, name, slug, sort_order, is_active, created_at FROM categories"
              + " ORDER BY slug",
          "SELECT id, title, slug, status, category_id, published_at FROM products",
          "SELECT id, product_id, sku, price, compare_at_price, stock_quantity, options"
              + " FROM product_variants",
          "SELECT variant_id, location_id, quantity_on_hand, quantity_reserved FROM inventory",
          "SELECT variant_id, quantity_change, reason, reference_type, reference_id"
              + " FROM inventory_transactions",
          "SELECT id, email, first_name, accepts_marketing FROM customers",
          "SELECT id, order_number, customer_id, currency, subtotal, grand_total, status,"
              + " shipping_address, placed_at FROM orders",
          "SELECT order_id, variant_id, sku, title, quantity, unit_price, line_total, options"
              + " FROM order_items",
          "SELECT code, discount_type, amount, usage_limit, usage_count FROM discounts",
          "SELECT setting_key, setting_value, is_encrypted FROM store_settings");

  @ParameterizedTest
  @EnumSource(Engine.class)
  void upgradesAVersionOneStoreWithItsData(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "upgrade")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      migrator.migrateTo(1);
      insertVersionOneStore(database);
      Map<String, List<String>> before = snapshot(database);
      assertThat(before.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());

      MigrationResult result = migrator.migrate();

      assertThat(result.fromVersion()).isEqualTo(1);
      assertThat(result.toVersion()).isEqualTo(ClientSchema.currentVersion());
      assertThat(result.migrationsApplied()).isEqualTo(ClientSchema.currentVersion() - 1);
      assertThat(snapshot(database)).isEqualTo(before);
      assertThat(StoreDatabases.rows(database, "SELECT review_count, rating_average FROM products"))
          .containsExactly("0|null");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void theNewReviewsTableIsUsableAndConstrained(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "upgrade")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      migrator.migrateTo(1);
      insertVersionOneStore(database);
      migrator.migrate();

      StoreDatabases.execute(
          database,
          review("0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0101", PRODUCT, CUSTOMER, 5),
          "UPDATE products SET review_count = 1, rating_average = 5.00 WHERE id = '"
              + PRODUCT
              + "'");

      assertThat(
              StoreDatabases.rows(
                  database,
                  "SELECT r.rating, r.status, r.author_name, p.review_count FROM product_reviews r"
                      + " JOIN products p ON p.id = r.product_id"))
          .containsExactly("5|pending|Ada|1");
      assertRejected(
          database, review("0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0102", PRODUCT, CUSTOMER, 4));
      assertRejected(database, review("0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0103", PRODUCT, null, 6));
      assertRejected(
          database,
          review(
              "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0104",
              "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0999",
              null,
              3));

      StoreDatabases.execute(database, "DELETE FROM customers WHERE id = '" + CUSTOMER + "'");
      assertThat(StoreDatabases.rows(database, "SELECT customer_id FROM product_reviews"))
          .containsExactly("null");
    }
  }

  /**
   * Version 3: deleting a product of an upgraded store records its id and creation time (the rollup
   * counts deletions by day); deleting nothing records nothing.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aDeletedProductIsRecordedWithItsCreationTime(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "upgrade")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      migrator.migrateTo(1);
      insertVersionOneStore(database);
      migrator.migrate();
      String gone = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0dd1";
      StoreDatabases.execute(
          database,
          "INSERT INTO products (id, title, slug, status, created_at) VALUES ('"
              + gone
              + "', 'Gone', 'gone', 'draft', '2026-03-01 08:30:00')",
          "DELETE FROM products WHERE id = '0b5e6a52-6d8e-4a4f-9a53-000000000000'");
      assertThat(StoreDatabases.rows(database, "SELECT product_id FROM product_deletions"))
          .isEmpty();

      StoreDatabases.execute(database, "DELETE FROM products WHERE id = '" + gone + "'");

      assertThat(
              StoreDatabases.rows(
                  database,
                  "SELECT product_id, product_created_at FROM product_deletions"
                      + " WHERE deleted_at > product_created_at"))
          .hasSize(1)
          .allSatisfy(row -> assertThat(row).startsWith(gone + "|2026-03-01 08:30:00"));
    }
  }

  /**
   * Version 4 on a version-3 store with data: order lines without a SKU take their variant's, the
   * rest of the data is unchanged, and the analytics tables take rows, refuse impossible counts and
   * lose a product's rows with the product.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void versionFourFillsOrderLineSkusAndKeepsAnalytics(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "upgrade")) {
      ClientSchemaMigrator migrator = StoreDatabases.migrator(database);
      migrator.migrateTo(3);
      insertVersionOneStore(database);
      StoreDatabases.execute(database, orderLine(LINE_WITHOUT_SKU, VARIANT, null));
      Map<String, List<String>> before = snapshot(database);

      MigrationResult result = migrator.migrateTo(4);

      assertThat(result.fromVersion()).isEqualTo(3);
      assertThat(result.toVersion()).isEqualTo(4);
      assertThat(
              StoreDatabases.rows(
                  database, "SELECT sku FROM order_items WHERE id = '" + LINE_WITHOUT_SKU + "'"))
          .containsExactly("TR-42-BLU");
      before.remove(SNAPSHOT_QUERIES.get(7));
      Map<String, List<String>> after = snapshot(database);
      after.remove(SNAPSHOT_QUERIES.get(7));
      assertThat(after).isEqualTo(before);

      String gone = "0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0a03";
      StoreDatabases.execute(
          database,
          "INSERT INTO products (id, title, slug, status) VALUES ('"
              + gone
              + "', 'Gone', 'gone',"
              + " 'draft')",
          "INSERT INTO page_analytics_daily (stat_date, page_path, page_views, unique_visitors,"
              + " sessions) VALUES ('2026-03-01', '/products/trail-runner', 40, 12, 15)",
          "INSERT INTO product_analytics_daily (stat_date, product_id, views, add_to_cart_count)"
              + " VALUES ('2026-03-01', '"
              + PRODUCT
              + "', 40, 3), ('2026-03-01', '"
              + gone
              + "', 2, 0)");
      assertRejected(
          database,
          "INSERT INTO page_analytics_daily (stat_date, page_path, page_views, unique_visitors,"
              + " sessions) VALUES ('2026-03-02', '/', 4, 9, 5)");
      assertRejected(
          database,
          "INSERT INTO page_analytics_daily (stat_date, page_path, page_views, unique_visitors,"
              + " sessions) VALUES ('2026-03-01', '/products/trail-runner', 1, 1, 1)");
      assertRejected(database, orderLine("0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0a02", null, null));
      StoreDatabases.execute(database, "DELETE FROM products WHERE id = '" + gone + "'");
      assertThat(StoreDatabases.rows(database, "SELECT views FROM product_analytics_daily"))
          .containsExactly("40");
      assertThat(StoreDatabases.rows(database, "SELECT page_views FROM page_analytics_daily"))
          .containsExactly("40");
    }
  }

  /**
   * Seeded data that breaks version 4: an order line with no SKU and no variant to take one from.
   * The migration fails with a clear error, the store stays at version 3 with its data, and once
   * the line has a SKU the next run completes. On MySQL the session the migrator opens is strict
   * even when the server's is not (here: a login whose sessions start with an empty sql_mode).
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void seededDataThatBreaksVersionFourStopsItCleanly(Engine engine) throws Exception {
    try (TestDatabase database = StoreDatabases.create(engine, "upgrade")) {
      ClientSchemaMigrator migrator = lenientMigrator(database);
      migrator.migrateTo(3);
      insertVersionOneStore(database);
      StoreDatabases.execute(database, orderLine(LINE_WITHOUT_SKU, null, null));
      Map<String, List<String>> before = snapshot(database);

      assertThatThrownBy(() -> migrator.migrateTo(4))
          .isInstanceOfSatisfying(
              ClientSchemaException.class,
              e -> assertThat(e.code()).isEqualTo(ClientSchemaError.MIGRATION_FAILED))
          .hasMessageContaining("sku");

      assertThat(migrator.installedVersion()).isEqualTo(3);
      assertThat(snapshot(database)).isEqualTo(before);
      assertThat(
              StoreDatabases.rows(
                  database, "SELECT sku FROM order_items WHERE id = '" + LINE_WITHOUT_SKU + "'"))
          .containsExactly("null");
      if (engine == Engine.POSTGRESQL) {
        assertThat(StoreDatabases.inspect(database).table("page_analytics_daily")).isEmpty();
      }

      StoreDatabases.execute(
          database,
          "UPDATE order_items SET sku = 'LEGACY-1' WHERE id = '" + LINE_WITHOUT_SKU + "'");
      assertThat(migrator.migrateTo(4).toVersion()).isEqualTo(4);
      assertThat(
              StoreDatabases.rows(
                  database, "SELECT sku FROM order_items WHERE id = '" + LINE_WITHOUT_SKU + "'"))
          .containsExactly("LEGACY-1");
    }
  }

  /** A migrator whose connections start non-strict on MySQL ({@code sql_mode = ''}). */
  private static ClientSchemaMigrator lenientMigrator(TestDatabase database) {
    if (database.server().engine() == Engine.POSTGRESQL) {
      return StoreDatabases.migrator(database);
    }
    return new ClientSchemaMigrator(
        new FixedLoginDataSource("Lenient " + database.name()) {
          @Override
          public Connection getConnection() throws SQLException {
            Connection connection = database.connect();
            try (Statement statement = connection.createStatement()) {
              statement.execute("SET SESSION sql_mode = ''");
            }
            return connection;
          }
        },
        Dialect.MYSQL);
  }

  private static String orderLine(String id, String variant, String sku) {
    return "INSERT INTO order_items (id, order_id, variant_id, sku, title, quantity, unit_price,"
        + " line_total) VALUES ('%s', '%s', %s, %s, 'Old line', 1, 10, 10)"
            .formatted(
                id,
                ORDER,
                variant == null ? "NULL" : "'" + variant + "'",
                sku == null ? "NULL" : "'" + sku + "'");
  }

  private static String review(String id, String product, String customer, int rating) {
    return "INSERT INTO product_reviews (id, product_id, customer_id, rating, author_name)"
        + " VALUES ('%s', '%s', %s, %d, 'Ada')"
            .formatted(id, product, customer == null ? "NULL" : "'" + customer + "'", rating);
  }

  private static void assertRejected(TestDatabase database, String sql) {
    assertThatThrownBy(() -> StoreDatabases.execute(database, sql))
        .isInstanceOf(SQLException.class);
  }

  private static Map<String, List<String>> snapshot(TestDatabase database) throws SQLException {
    Map<String, List<String>> snapshot = new LinkedHashMap<>();
    for (String query : SNAPSHOT_QUERIES) {
      snapshot.put(query, StoreDatabases.rows(database, query));
    }
    return snapshot;
  }

  /** A small but real V1 store: a category tree, a product with stock, a customer's order. */
  private static void insertVersionOneStore(TestDatabase database) throws SQLException {
    StoreDatabases.execute(
        database,
        "INSERT INTO categories (id, name, slug) VALUES ('" + CATEGORY + "', 'Shoes', 'shoes')",
        "INSERT INTO categories (id, parent_id, name, slug, sort_order) VALUES ('"
            + SUBCATEGORY
            + "', '"
            + CATEGORY
            + "', 'Running', 'running-shoes', 2)",
        "INSERT INTO products (id, title, slug, status, category_id, published_at) VALUES ('"
            + PRODUCT
            + "', 'Trail Runner', 'trail-runner', 'active', '"
            + SUBCATEGORY
            + "', '2024-03-01 10:00:00')",
        "INSERT INTO product_variants (id, product_id, sku, title, price, compare_at_price,"
            + " stock_quantity, options, is_default) VALUES ('"
            + VARIANT
            + "', '"
            + PRODUCT
            + "', 'TR-42-BLU', 'EU 42 / Blue', 119.90, 139.00, 7,"
            + " '{\"size\": \"42\", \"color\": \"blue\"}', TRUE)",
        "INSERT INTO inventory_locations (id, code, name, is_default) VALUES ('"
            + LOCATION
            + "', 'berlin', 'Berlin warehouse', TRUE)",
        "INSERT INTO inventory (id, variant_id, location_id, quantity_on_hand, quantity_reserved)"
            + " VALUES ('0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0008', '"
            + VARIANT
            + "', '"
            + LOCATION
            + "', 7, 1)",
        "INSERT INTO inventory_transactions (id, variant_id, location_id, quantity_change,"
            + " quantity_after, reason, reference_type, reference_id) VALUES"
            + " ('0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0009', '"
            + VARIANT
            + "', '"
            + LOCATION
            + "', -1, 7, 'sold', 'order', '"
            + ORDER
            + "')",
        "INSERT INTO customers (id, email, first_name, accepts_marketing) VALUES ('"
            + CUSTOMER
            + "', 'ada@example.com', 'Ada', TRUE)",
        "INSERT INTO discounts (id, code, discount_type, amount, usage_limit, usage_count)"
            + " VALUES ('0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0010', 'SPRING10', 'percentage', 10,"
            + " 100, 1)",
        "INSERT INTO orders (id, order_number, customer_id, email, currency, subtotal,"
            + " discount_total, grand_total, status, shipping_address, placed_at) VALUES ('"
            + ORDER
            + "', '#1001', '"
            + CUSTOMER
            + "', 'ada@example.com', 'EUR', 119.90, 11.99, 107.91, 'confirmed',"
            + " '{\"city\": \"Berlin\", \"country\": \"DE\"}', '2024-03-02 09:30:00.123456')",
        "INSERT INTO order_items (id, order_id, product_id, variant_id, sku, title, quantity,"
            + " unit_price, discount_total, line_total, options) VALUES"
            + " ('0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0011', '"
            + ORDER
            + "', '"
            + PRODUCT
            + "', '"
            + VARIANT
            + "', 'TR-42-BLU', 'Trail Runner', 1, 119.90, 11.99, 107.91,"
            + " '{\"size\": \"42\"}')",
        "INSERT INTO store_settings (id, setting_key, setting_group, setting_value, is_encrypted)"
            + " VALUES ('0b5e6a52-6d8e-4a4f-9a53-6f1f4a3c0012', 'payments.stripe_secret',"
            + " 'payments', 'enc:v1:b64data', TRUE)");
  }
}
