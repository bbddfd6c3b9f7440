package io.storeplane.provisioning.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.Order;
import io.storeplane.provisioning.connect.table.RowPage;
import io.storeplane.provisioning.connect.table.StoreTables;
import io.storeplane.provisioning.connect.table.TableQuery;
import io.storeplane.provisioning.guard.OutboundGuard;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The table API on both dialects, on databases migrated to the current client schema: typed
 * filters, order, pages and counts, writes, and every bad request answered with its own code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreTablesTest {

  private final MapRouteResolver resolver = new MapRouteResolver();
  private OutboundGuard previousGuard;
  private TestDatabase postgres;
  private TestDatabase mysql;
  private UUID postgresStore;
  private UUID mysqlStore;
  private ConnectionManager manager;

  @BeforeAll
  void storeDatabases() {
    previousGuard = TestStores.installLocalGuard();
    postgres = migrated(TestDatabases.postgres().createDatabase("tables"), Dialect.POSTGRESQL);
    mysql = migrated(TestDatabases.mysql().createDatabase("tables"), Dialect.MYSQL);
    StoreRoute pg = TestStores.route(postgres, "tables-pg");
    StoreRoute my = TestStores.route(mysql, "tables-my");
    resolver.put(pg).put(my);
    postgresStore = pg.storeId();
    mysqlStore = my.storeId();
    manager =
        TestStores.manager(
            PoolSettings.builder().maxPageSize(3),
            resolver,
            target -> {
              throw new AssertionError("no Supabase store here");
            });
  }

  @AfterAll
  void drop() {
    OutboundGuards.install(previousGuard);
    if (manager != null) {
      manager.close();
    }
    Stream.of(postgres, mysql).filter(Objects::nonNull).forEach(TestDatabase::close);
  }

  private static TestDatabase migrated(TestDatabase database, Dialect dialect) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setMaximumPoolSize(3);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      new ClientSchemaMigrator(dataSource, dialect).migrate();
    }
    return database;
  }

  private StoreTables tables(Engine engine) {
    return manager.forStore(engine == Engine.POSTGRESQL ? postgresStore : mysqlStore).tables();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void insertGeneratesTheIdAndReturnsTheStoredRow(Engine engine) {
    StoreTables tables = tables(engine);

    Map<String, Object> row =
        tables.insert(
            "categories", Map.of("name", "Shoes '; DROP TABLE categories; --", "slug", slug()));

    assertThat(row.get("id")).isInstanceOf(UUID.class);
    assertThat(row.get("name")).isEqualTo("Shoes '; DROP TABLE categories; --");
    assertThat(row.get("is_active")).isEqualTo(true);
    assertThat(row.get("sort_order")).isEqualTo(0);
    assertThat(row.get("created_at")).isInstanceOf(Instant.class);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void selectFiltersOrdersPagesAndCounts(Engine engine) {
    StoreTables tables = tables(engine);
    String prefix = "page-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 1; i <= 5; i++) {
      tables.insert(
          "categories",
          Map.of("name", prefix + "-" + i, "slug", prefix + "-" + i, "sort_order", i * 10));
    }

    RowPage page =
        tables.select(
            "categories",
            TableQuery.all()
                .where(Filter.like("slug", prefix + "-%"), Filter.gte("sort_order", "20"))
                .orderBy(Order.desc("sort_order"))
                .page(2, 1)
                .withCount());

    assertThat(page.rows()).extracting(r -> r.get("sort_order")).containsExactly(40, 30);
    assertThat(page.total()).hasValue(4);
    assertThat(
            tables.count(
                "categories",
                List.of(
                    Filter.in("slug", List.of(prefix + "-1", prefix + "-5", "nope")),
                    Filter.isNull("parent_id"))))
        .isEqualTo(2);
    assertThat(tables.count("categories", List.of(Filter.ne("slug", prefix + "-1"))))
        .isGreaterThanOrEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void updateAndDeleteChangeOnlyTheFilteredRows(Engine engine) {
    StoreTables tables = tables(engine);
    Map<String, Object> a = tables.insert("categories", Map.of("name", "A", "slug", slug()));
    Map<String, Object> b = tables.insert("categories", Map.of("name", "B", "slug", slug()));

    int updated =
        tables.update(
            "categories", List.of(Filter.eq("id", a.get("id").toString())), Map.of("name", "A2"));
    int deleted = tables.delete("categories", List.of(Filter.eq("id", b.get("id"))));

    assertThat(updated).isOne();
    assertThat(deleted).isOne();
    assertThat(byId(tables, a.get("id")).get("name")).isEqualTo("A2");
    assertThat(tables.count("categories", List.of(Filter.eq("id", b.get("id"))))).isZero();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void jsonDecimalAndTimestampValuesRoundTrip(Engine engine) {
    StoreTables tables = tables(engine);
    Map<String, Object> product =
        tables.insert(
            "products",
            Map.of("title", "Boot", "slug", slug(), "published_at", "2026-01-31T12:00:00Z"));
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("product_id", product.get("id"));
    variant.put("sku", slug());
    variant.put("title", "Boot / 42");
    variant.put("price", "59.90");
    variant.put("options", Map.of("size", "42", "colors", List.of("black")));

    Map<String, Object> stored = tables.insert("product_variants", variant);

    assertThat(product.get("published_at")).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
    assertThat((BigDecimal) stored.get("price")).isEqualByComparingTo("59.90");
    assertThat(stored.get("options")).isEqualTo(Map.of("size", "42", "colors", List.of("black")));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void badRequestsGetTheirOwnCodes(Engine engine) {
    StoreTables tables = tables(engine);

    assertThat(code(() -> tables.select("pg_authid", TableQuery.all())))
        .isEqualTo(ProvisioningError.UNKNOWN_TABLE);
    assertThat(code(() -> tables.count("categories", List.of(Filter.eq("1=1; --", "x")))))
        .isEqualTo(ProvisioningError.UNKNOWN_COLUMN);
    assertThat(code(() -> tables.count("categories", List.of(Filter.eq("id", "not-a-uuid")))))
        .isEqualTo(ProvisioningError.INVALID_DATA_REQUEST);
    assertThat(code(() -> tables.select("categories", TableQuery.all().page(4, 0))))
        .as("over the maximum page size")
        .isEqualTo(ProvisioningError.INVALID_DATA_REQUEST);
    assertThat(code(() -> tables.update("categories", List.of(), Map.of("name", "all"))))
        .as("a whole-table update")
        .isEqualTo(ProvisioningError.INVALID_DATA_REQUEST);
    assertThat(code(() -> tables.count("products", List.of(Filter.like("review_count", "1%")))))
        .isEqualTo(ProvisioningError.INVALID_DATA_REQUEST);
    assertThat(code(() -> tables.insert("categories", Map.of("name", "No slug"))))
        .as("NOT NULL")
        .isEqualTo(ProvisioningError.CONSTRAINT_VIOLATION);
    String taken = slug();
    tables.insert("categories", Map.of("name", "First", "slug", taken));
    assertThat(code(() -> tables.insert("categories", Map.of("name", "Again", "slug", taken))))
        .as("unique")
        .isEqualTo(ProvisioningError.CONSTRAINT_VIOLATION);
    assertThat(
            code(
                () ->
                    tables.insert(
                        "categories",
                        Map.of("name", "Orphan", "slug", slug(), "parent_id", UUID.randomUUID()))))
        .as("foreign key")
        .isEqualTo(ProvisioningError.CONSTRAINT_VIOLATION);
    assertThat(
            code(
                () ->
                    tables.insert(
                        "media_library",
                        Map.of(
                            "file_name", "a.png",
                            "storage_key", slug(),
                            "url", "https://cdn.example/a.png",
                            "mime_type", "image/png",
                            "size_bytes", -1))))
        .as("check")
        .isEqualTo(ProvisioningError.CONSTRAINT_VIOLATION);
  }

  private static Map<String, Object> byId(StoreTables tables, Object id) {
    return tables.select("categories", TableQuery.all().where(Filter.eq("id", id))).rows().get(0);
  }

  private static ProvisioningError code(Runnable call) {
    return catchThrowableOfType(ProvisioningException.class, call::run).code();
  }

  private static String slug() {
    return "s-" + UUID.randomUUID();
  }
}
