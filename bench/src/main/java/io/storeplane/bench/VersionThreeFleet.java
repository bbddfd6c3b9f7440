package io.storeplane.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.secret.KeyRing;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.secret.SecretLocation;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.store.DatabaseType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bench-only set-up of a fleet at client schema version 3, which the API cannot make (provisioning
 * applies the current version): store databases at version 3, each with a few order lines that
 * carry no SKU (so V4's NOT NULL backfill meets rows), recorded directly in a master database as
 * provisioning would have left them: the {@code stores} row (managed, active, on the server's
 * default managed server), the {@code DATABASE} integration config with its password sealed by the
 * control plane's key, and the ledger's rows for versions 1 to 3 ({@code store_schema_versions}:
 * cloned from a template on PostgreSQL, applied with Flyway on MariaDB/MySQL).
 *
 * <p>PostgreSQL stores are copies ({@code CREATE DATABASE ... TEMPLATE}) of one template migrated
 * to version 3 with {@link ClientSchemaMigrator}; MariaDB/MySQL stores are migrated to version 3
 * one by one, a few at once. The databases are {@link BenchServers}', dropped with them.
 */
final class VersionThreeFleet {

  /** The version the fleet starts at. */
  static final int VERSION = 3;

  /** Products (each with one variant), orders and SKU-less order lines per store. */
  private static final int PRODUCTS = 3;

  private static final int ORDERS = 2;

  /** One store of the fleet. */
  record FleetStore(UUID id, String slug, BenchServers.Server server, String database) {

    Dialect dialect() {
      return server.engine() == DatabaseEngine.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchServers servers;
  private final String master;
  private final BenchServers.Server postgres;
  private final BenchServers.Server mysql;
  private final SecretCipher cipher;
  private final int setupThreads;

  /**
   * @param servers where the databases are made (and dropped)
   * @param master the master database, on {@code postgres}, with the control plane's default
   *     managed servers registered
   * @param base64Key the control plane's encryption key ({@code STOREPLANE_CRYPTO_KEYS_BENCH})
   * @param setupThreads MariaDB/MySQL stores migrated at once
   */
  VersionThreeFleet(
      BenchServers servers,
      String master,
      BenchServers.Server postgres,
      BenchServers.Server mysql,
      String base64Key,
      int setupThreads) {
    this.servers = servers;
    this.master = master;
    this.postgres = postgres;
    this.mysql = mysql;
    this.cipher = new SecretCipher(KeyRing.builder().addBase64Key("bench", base64Key).build());
    this.setupThreads = setupThreads;
  }

  /** Makes and records {@code pgStores} PostgreSQL and {@code mysqlStores} MariaDB/MySQL stores. */
  List<FleetStore> create(int pgStores, int mysqlStores) throws Exception {
    List<FleetStore> stores = new ArrayList<>();
    String template = servers.copies(postgres, "template0", "v3tpl", 1).get(0);
    try (HikariDataSource ds = postgres.pool(template, 2)) {
      new ClientSchemaMigrator(ds, Dialect.POSTGRESQL).migrateTo(VERSION);
    }
    fill(postgres, template);
    for (String database : servers.copies(postgres, template, "v3pg", pgStores)) {
      stores.add(store(postgres, database));
    }
    List<FleetStore> mysqlFleet = new ArrayList<>();
    for (String database : servers.createDatabases(mysql, mysqlStores)) {
      mysqlFleet.add(store(mysql, database));
    }
    ExecutorService pool = Executors.newFixedThreadPool(setupThreads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (FleetStore store : mysqlFleet) {
        done.add(
            pool.submit(
                () -> {
                  new ClientSchemaMigrator(
                          mysql.target(store.database()).dataSource(), Dialect.MYSQL)
                      .migrateTo(VERSION);
                  fill(mysql, store.database());
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    stores.addAll(mysqlFleet);
    record(stores);
    return stores;
  }

  private static FleetStore store(BenchServers.Server server, String database) {
    return new FleetStore(UUID.randomUUID(), database.replace('_', '-'), server, database);
  }

  /** Products with a variant each, and orders whose lines name the variant but carry no SKU. */
  private static void fill(BenchServers.Server server, String database) throws SQLException {
    boolean pg = server.engine() == DatabaseEngine.POSTGRESQL;
    try (Connection c =
        DriverManager.getConnection(server.url(database), server.user(), server.password())) {
      c.setAutoCommit(false);
      List<UUID[]> variants = new ArrayList<>();
      try (PreparedStatement product =
              c.prepareStatement("INSERT INTO products (id, title, slug) VALUES (?, ?, ?)");
          PreparedStatement variant =
              c.prepareStatement(
                  "INSERT INTO product_variants (id, product_id, sku, title, price, options)"
                      + " VALUES (?, ?, ?, 'Default', ?, '{}')")) {
        for (int i = 0; i < PRODUCTS; i++) {
          UUID productId = UUID.randomUUID();
          UUID variantId = UUID.randomUUID();
          uuid(product, 1, productId, pg);
          product.setString(2, "Product " + i);
          product.setString(3, "product-" + i);
          product.addBatch();
          uuid(variant, 1, variantId, pg);
          uuid(variant, 2, productId, pg);
          variant.setString(3, "SKU-" + i);
          variant.setBigDecimal(4, new BigDecimal("12.50"));
          variant.addBatch();
          variants.add(new UUID[] {productId, variantId});
        }
        product.executeBatch();
        variant.executeBatch();
      }
      try (PreparedStatement order =
              c.prepareStatement(
                  "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total)"
                      + " VALUES (?, ?, 'buyer@example.com', 'EUR', ?, ?)");
          PreparedStatement line =
              c.prepareStatement(
                  "INSERT INTO order_items (id, order_id, product_id, variant_id, title, quantity,"
                      + " unit_price, line_total) VALUES (?, ?, ?, ?, 'Product', 1, ?, ?)")) {
        BigDecimal price = new BigDecimal("12.50");
        for (int o = 0; o < ORDERS; o++) {
          UUID orderId = UUID.randomUUID();
          uuid(order, 1, orderId, pg);
          order.setString(2, "B-" + o);
          order.setBigDecimal(3, price.multiply(BigDecimal.valueOf(PRODUCTS)));
          order.setBigDecimal(4, price.multiply(BigDecimal.valueOf(PRODUCTS)));
          order.addBatch();
          for (UUID[] v : variants) {
            uuid(line, 1, UUID.randomUUID(), pg);
            uuid(line, 2, orderId, pg);
            uuid(line, 3, v[0], pg);
            uuid(line, 4, v[1], pg);
            line.setBigDecimal(5, price);
            line.setBigDecimal(6, price);
            line.addBatch();
          }
        }
        order.executeBatch();
        line.executeBatch();
      }
      c.commit();
    }
  }

  private static void uuid(PreparedStatement s, int index, UUID value, boolean pg)
      throws SQLException {
    if (pg) {
      s.setObject(index, value);
    } else {
      s.setString(index, value.toString());
    }
  }

  /** The stores' rows, sealed connections and ledger rows, in one master transaction. */
  private void record(List<FleetStore> stores) throws SQLException, JsonProcessingException {
    try (Connection c =
        DriverManager.getConnection(postgres.url(master), postgres.user(), postgres.password())) {
      c.setAutoCommit(false);
      Map<DatabaseEngine, UUID> defaults = defaultServers(c);
      Instant now = Instant.now();
      try (PreparedStatement store =
              c.prepareStatement(
                  "INSERT INTO stores (id, name, slug, status, plan_code, subscription_status,"
                      + " database_type, database_status, database_server_id, database_host,"
                      + " database_port, database_name, created_at, updated_at) VALUES (?, ?, ?,"
                      + " 'ACTIVE', 'starter', 'ACTIVE', ?, 'ACTIVE', ?, ?, ?, ?, ?, ?)");
          PreparedStatement config =
              c.prepareStatement(
                  "INSERT INTO integration_configs (id, store_id, kind, provider, settings,"
                      + " secret_ciphertext, config_version, created_at, updated_at) VALUES (?, ?,"
                      + " 'DATABASE', ?, CAST(? AS jsonb), ?, 1, ?, ?)");
          PreparedStatement ledger =
              c.prepareStatement(
                  "INSERT INTO store_schema_versions (store_id, version, state, path, attempts,"
                      + " finished_at, checksum, updated_at) VALUES (?, ?, 'APPLIED', ?, ?, ?, ?,"
                      + " ?)")) {
        for (int i = 0; i < stores.size(); i++) {
          FleetStore s = stores.get(i);
          boolean pg = s.server().engine() == DatabaseEngine.POSTGRESQL;
          DatabaseType type = pg ? DatabaseType.MANAGED_POSTGRESQL : DatabaseType.MANAGED_MYSQL;
          UUID serverId = defaults.get(s.server().engine());
          // created one millisecond apart, so the selector's order (created_at) is the list's
          Timestamp created = Timestamp.from(now.minusMillis(stores.size() - i));
          store.setObject(1, s.id());
          store.setString(2, "Fleet bench " + s.slug());
          store.setString(3, s.slug());
          store.setString(4, type.name());
          store.setObject(5, serverId);
          store.setString(6, s.server().host());
          store.setInt(7, s.server().port());
          store.setString(8, s.database());
          store.setTimestamp(9, created);
          store.setTimestamp(10, created);
          store.addBatch();
          UUID configId = UUID.randomUUID();
          Map<String, Object> settings = new LinkedHashMap<>();
          settings.put("host", s.server().host());
          settings.put("port", s.server().port());
          settings.put("database", s.database());
          settings.put("username", s.server().user());
          settings.put("ssl", false);
          settings.put("serverId", serverId.toString());
          config.setObject(1, configId);
          config.setObject(2, s.id());
          config.setString(3, type.wireName());
          config.setString(4, JSON.writeValueAsString(settings));
          config.setString(
              5,
              cipher.encrypt(
                  JSON.writeValueAsString(Map.of("password", s.server().password())),
                  SecretLocation.of("integration_configs", configId, "secret_ciphertext")
                      .associatedData()));
          config.setTimestamp(6, created);
          config.setTimestamp(7, created);
          config.addBatch();
          for (int version = 1; version <= VERSION; version++) {
            ledger.setObject(1, s.id());
            ledger.setInt(2, version);
            // as provisioning records them: cloned from the template (found there, no attempt),
            // or applied with Flyway (one attempt each)
            ledger.setString(3, pg ? "TEMPLATE" : "FLYWAY");
            ledger.setInt(4, pg ? 0 : 1);
            ledger.setTimestamp(5, created);
            ledger.setInt(6, ClientSchema.checksum(s.dialect(), version));
            ledger.setTimestamp(7, created);
            ledger.addBatch();
          }
        }
        store.executeBatch();
        config.executeBatch();
        ledger.executeBatch();
      }
      c.commit();
    }
  }

  /** The default managed server of each engine, as the control plane registered them. */
  private static Map<DatabaseEngine, UUID> defaultServers(Connection c) throws SQLException {
    Map<DatabaseEngine, UUID> ids = new LinkedHashMap<>();
    try (PreparedStatement s =
            c.prepareStatement("SELECT engine, id FROM database_servers WHERE is_default");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        ids.put(DatabaseEngine.valueOf(rows.getString(1)), rows.getObject(2, UUID.class));
      }
    }
    if (ids.size() != 2) {
      throw new IllegalStateException(
          "The control plane registered default managed servers for " + ids.keySet());
    }
    return ids;
  }
}
