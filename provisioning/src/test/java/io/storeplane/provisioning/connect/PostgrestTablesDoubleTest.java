package io.storeplane.provisioning.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.Order;
import io.storeplane.provisioning.connect.table.RowPage;
import io.storeplane.provisioning.connect.table.StoreTables;
import io.storeplane.provisioning.connect.table.TableQuery;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.supabase.CallRetryPolicy;
import io.storeplane.provisioning.supabase.SupabaseTestProfile;
import io.storeplane.provisioning.supabase.SupabaseTestSupport;
import io.storeplane.provisioning.supabase.SupabaseTestSupport.RecordingSleeper;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import io.storeplane.provisioning.supabase.schema.SupabaseSchemaChannel;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.SupabaseDouble;
import io.storeplane.testing.time.SettableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table API of a Supabase store against the double's PostgREST, with 2,100 rows (more than the
 * 1,000-row {@code max_rows} cap): pages past the cap are read in several requests, counts are
 * exact, and every read answers exactly what the JDBC path answers on the same database.
 */
@QuarkusTest
@QuarkusTestResource(io.storeplane.testing.db.MasterDatabaseTestResource.class)
@TestProfile(SupabaseTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgrestTablesDoubleTest {

  private static final int ROWS = 2_100;

  private final MapRouteResolver resolver = new MapRouteResolver();
  private SupabaseDouble supabase;
  private DoubleProject project;
  private ConnectionManager manager;
  private UUID restStore;
  private UUID jdbcStore;

  @BeforeAll
  void projectWithMoreRowsThanOneRequestReturns() throws Exception {
    supabase = SupabaseDouble.start(TestDatabases.postgres());
    SupabaseClients clients =
        SupabaseClients.create(
            SupabaseTestSupport.settings(supabase.managementUrl(), 1000),
            new RecordingSleeper(new SettableClock()));
    project = supabase.createExistingProject("paging");
    new SupabaseSchemaChannel(
            clients.management(SecretString.of(supabase.accessToken())).sqlRunner(project.ref()))
        .apply();
    try (Connection c = project.database().connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          INSERT INTO categories (id, name, slug, description, sort_order, is_active,
                                  created_at, updated_at)
          SELECT gen_random_uuid(), 'Category ' || i, 'cat-' || i,
                 CASE WHEN i %% 7 = 0 THEN NULL ELSE 'About ' || i END, i %% 50, i %% 3 <> 0,
                 timestamptz '2026-01-01 00:00:00+00' + i * interval '61.000123 seconds',
                 timestamptz '2026-01-01 00:00:00+00'
            FROM generate_series(1, %d) AS i"""
              .formatted(ROWS));
      s.execute(
          """
          INSERT INTO products (id, title, slug, status, published_at)
          VALUES ('00000000-0000-4000-8000-000000000001', 'Boot', 'boot', 'active',
                  timestamptz '2026-02-01 08:30:00.5+00')""");
      s.execute(
          """
          INSERT INTO product_variants (id, product_id, sku, title, price, compare_at_price,
                                        stock_quantity, options, is_default)
          SELECT gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'BOOT-' || i,
                 'Boot / ' || i, 50 + i * 0.10, CASE WHEN i % 2 = 0 THEN 99.00 END, i,
                 jsonb_build_object('size', 38 + i, 'weight', 1.50, 'tags', jsonb_build_array('a')),
                 i = 1
            FROM generate_series(1, 12) AS i""");
    }
    restStore = UUID.randomUUID();
    resolver.put(
        new StoreRoute(
            restStore,
            "paging-rest",
            new RouteAccess.Rest(
                new PostgrestTarget(
                    supabase.projectUrl(project.ref()), SecretString.of(project.keys().secret()))),
            new RouteStamp(1, 2, "ACTIVE/ACTIVE/SUPABASE")));
    TestDatabase database = project.database();
    jdbcStore = UUID.randomUUID();
    resolver.put(
        TestStores.route(
            jdbcStore,
            "paging-jdbc",
            new DatabaseLogin(
                DatabaseEngine.POSTGRESQL,
                database.server().host(),
                database.server().port(),
                database.name(),
                database.username(),
                SecretString.of(database.password()),
                false,
                false),
            2,
            1));
    manager =
        TestStores.manager(
            PoolSettings.builder().maxPageSize(2_500),
            resolver,
            target ->
                clients.dataApi(
                    target.projectUrl(),
                    target.serviceRoleKey(),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(20),
                    CallRetryPolicy.NONE));
  }

  @AfterAll
  void stop() {
    if (manager != null) {
      manager.close();
    }
    if (supabase != null) {
      supabase.close();
    }
  }

  @Test
  void aPageLargerThanMaxRowsIsReadInSeveralRequests() {
    int before = categoryReads();

    RowPage page =
        rest()
            .select("categories", TableQuery.all().orderBy(Order.asc("sort_order")).page(2_500, 0));

    assertThat(page.rows()).hasSize(ROWS);
    assertThat(categoryReads() - before).as("1,000 + 1,000 + 100 rows").isEqualTo(3);
    assertThat(page)
        .isEqualTo(
            jdbc()
                .select(
                    "categories",
                    TableQuery.all().orderBy(Order.asc("sort_order")).page(2_500, 0)));
  }

  @Test
  void countsAreExactPastTheCap() {
    assertThat(rest().count("categories", List.of())).isEqualTo(ROWS);
    assertThat(rest().count("categories", List.of(Filter.eq("is_active", true))))
        .isEqualTo(1_400)
        .isEqualTo(jdbc().count("categories", List.of(Filter.eq("is_active", true))));
  }

  static Stream<TableQuery> reads() {
    Instant noon = Instant.parse("2026-01-01T12:00:00Z");
    return Stream.of(
        TableQuery.all(),
        TableQuery.all().page(2_500, 0).withCount(),
        TableQuery.all().orderBy(Order.desc("created_at")).page(1_500, 300).withCount(),
        TableQuery.all().orderBy(Order.asc("sort_order")).page(1_200, 1_000),
        TableQuery.all().orderBy(Order.desc("sort_order"), Order.asc("slug")).page(7, 3),
        TableQuery.all().where(Filter.eq("slug", "cat-77")),
        TableQuery.all().where(Filter.ne("sort_order", 0)).page(30, 900).withCount(),
        TableQuery.all().where(Filter.lt("created_at", noon)).page(2_000, 0).withCount(),
        TableQuery.all().where(Filter.lte("sort_order", 3), Filter.gt("sort_order", 1)),
        TableQuery.all().where(Filter.gte("created_at", noon)).page(100, 5).withCount(),
        TableQuery.all().where(Filter.in("slug", List.of("cat-1", "cat-2", "cat-2000", "none"))),
        TableQuery.all().where(Filter.isNull("description")).page(500, 0).withCount(),
        TableQuery.all().where(Filter.isNotNull("description"), Filter.like("slug", "cat-1_")),
        TableQuery.all().where(Filter.like("name", "Category 20%")).withCount(),
        TableQuery.all().where(Filter.eq("is_active", false)).page(10, 690).withCount(),
        TableQuery.all().page(10, ROWS).withCount(),
        TableQuery.all().page(10, ROWS + 50).withCount(),
        TableQuery.all().page(10, ROWS + 50));
  }

  @ParameterizedTest
  @MethodSource("reads")
  void everyReadAnswersWhatTheJdbcPathAnswersOnTheSameDatabase(TableQuery query) {
    RowPage viaJdbc = jdbc().select("categories", query);

    assertThat(rest().select("categories", query)).isEqualTo(viaJdbc);
  }

  @Test
  void decimalsJsonAndTimestampsReadAsTheJdbcPathReadsThem() {
    TableQuery query =
        TableQuery.all()
            .where(Filter.gt("price", "50.50"))
            .orderBy(Order.desc("price"))
            .withCount();

    RowPage variants = rest().select("product_variants", query);

    assertThat(variants).isEqualTo(jdbc().select("product_variants", query));
    assertThat(variants.rows()).hasSize(7);
    assertThat(variants.rows().get(0).get("price"))
        .as("numeric(19,4) keeps its scale")
        .hasToString("51.2000");
    assertThat(rest().select("products", TableQuery.all()))
        .isEqualTo(jdbc().select("products", TableQuery.all()));
  }

  private int categoryReads() {
    String path = "GET /" + project.ref() + "/rest/v1/categories";
    return (int) supabase.requestLog().stream().filter(path::equals).count();
  }

  private StoreTables rest() {
    return manager.forStore(restStore).tables();
  }

  private StoreTables jdbc() {
    return manager.forStore(jdbcStore).tables();
  }
}
