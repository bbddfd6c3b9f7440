package io.storeplane.provisioning.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.error.ErrorKind;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.Order;
import io.storeplane.provisioning.connect.table.RowPage;
import io.storeplane.provisioning.connect.table.StoreTables;
import io.storeplane.provisioning.connect.table.TableQuery;
import io.storeplane.provisioning.supabase.CallRetryPolicy;
import io.storeplane.provisioning.supabase.SupabaseTestProfile;
import io.storeplane.provisioning.supabase.SupabaseTestSupport;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table API of a Supabase store against WireMock playing PostgREST with the reference's shapes
 * (/work/shared/reference/supabase.md): the exact query string each filter operator, order and page
 * becomes, the JSON bodies of writes, how PostgREST's JSON comes back as the JDBC path's Java
 * types, which error becomes which table-API code, and which failures count for the store's
 * breaker.
 */
@QuarkusTest
@QuarkusTestResource(io.storeplane.testing.db.MasterDatabaseTestResource.class)
@TestProfile(SupabaseTestProfile.class)
class PostgrestTablesContractTest {

  private static final String KEY = "sb_secret_ContractKey0123456789";
  private static final String CATEGORIES = "/rest/v1/categories";
  private static final String COLUMNS =
      "select=id%2Cparent_id%2Cname%2Cslug%2Cdescription%2Cimage_id%2Csort_order%2Cis_active"
          + "%2Ccreated_at%2Cupdated_at";
  private static final UUID A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
  private static final UUID B = UUID.fromString("00000000-0000-4000-8000-00000000000b");
  private static final String CATEGORY_A =
      """
      {"id":"00000000-0000-4000-8000-00000000000a","parent_id":null,"name":"Shoes",
       "slug":"shoes","description":null,"image_id":null,"sort_order":10,"is_active":true,
       "created_at":"2026-01-31T12:00:00.123456+00:00","updated_at":"2026-01-31T14:00:00+02:00",
       "not_in_the_manifest":"ignored"}""";

  private static final WireMockServer wiremock = SupabaseTestSupport.wiremock();

  private final MapRouteResolver resolver = new MapRouteResolver();
  private final List<PostgrestClient> built = new CopyOnWriteArrayList<>();
  private ConnectionManager manager;
  private UUID store;

  @BeforeEach
  void managerWithOneSupabaseStore() {
    wiremock.resetAll();
    SupabaseClients clients =
        SupabaseClients.create(
            SupabaseTestSupport.settings(base(), 1000),
            duration -> {
              throw new AssertionError("the store data path never waits to retry");
            });
    manager =
        TestStores.manager(
            PoolSettings.builder().breakerFailureThreshold(2),
            resolver,
            target -> {
              PostgrestClient client =
                  clients.dataApi(
                      target.projectUrl(),
                      target.serviceRoleKey(),
                      Duration.ofSeconds(1),
                      Duration.ofMillis(700),
                      CallRetryPolicy.NONE);
              built.add(client);
              return client;
            });
    store = UUID.randomUUID();
    resolver.put(route(store, base(), 1));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  static Stream<Arguments> operators() {
    return Stream.of(
        Arguments.of(Filter.eq("name", "Shoes & Boots"), "name=eq.Shoes+%26+Boots"),
        Arguments.of(Filter.ne("sort_order", "3"), "sort_order=neq.3"),
        Arguments.of(Filter.lt("sort_order", 30), "sort_order=lt.30"),
        Arguments.of(Filter.lte("sort_order", 30), "sort_order=lte.30"),
        Arguments.of(
            Filter.gt("created_at", "2026-01-31T13:00:00+01:00"),
            "created_at=gt.2026-01-31T12%3A00%3A00Z"),
        Arguments.of(Filter.gte("is_active", "false"), "is_active=gte.false"),
        Arguments.of(
            Filter.in("id", List.of(A.toString(), B)),
            "id=in.%28%22" + A + "%22%2C%22" + B + "%22%29"),
        Arguments.of(Filter.isNull("parent_id"), "parent_id=is.null"),
        Arguments.of(Filter.isNotNull("parent_id"), "parent_id=is.not_null"),
        Arguments.of(Filter.like("slug", "sho_s-%"), "slug=like.sho_s-*"));
  }

  @ParameterizedTest
  @MethodSource("operators")
  void everyFilterOperatorIsSentInPostgrestSyntax(Filter filter, String expected) {
    wiremock.stubFor(get(urlPathEqualTo(CATEGORIES)).willReturn(rows("[]", "*/*")));

    tables().select("categories", TableQuery.all().where(filter));

    wiremock.verify(
        getRequestedFor(
                urlEqualTo(CATEGORIES + "?" + COLUMNS + "&" + expected + "&order=id.asc&limit=50"))
            .withHeader("apikey", equalTo(KEY))
            .withHeader("Authorization", absent())
            .withHeader("Prefer", absent()));
  }

  @Test
  void aPageWithOrderAndCountReadsRowsAsTheJdbcPathReturnsThem() {
    wiremock.stubFor(
        get(urlPathEqualTo(CATEGORIES)).willReturn(rows("[" + CATEGORY_A + "]", "40-40/97")));

    RowPage page =
        tables()
            .select(
                "categories",
                TableQuery.all()
                    .where(Filter.eq("slug", "shoes"))
                    .orderBy(Order.desc("sort_order"))
                    .page(20, 40)
                    .withCount());

    wiremock.verify(
        getRequestedFor(
                urlEqualTo(
                    CATEGORIES
                        + "?"
                        + COLUMNS
                        + "&slug=eq.shoes&order=sort_order.desc%2Cid.asc&limit=20&offset=40"))
            .withHeader("Prefer", equalTo("count=exact")));
    assertThat(page.total()).hasValue(97);
    assertThat(page.limit()).isEqualTo(20);
    assertThat(page.offset()).isEqualTo(40);
    Map<String, Object> row = page.rows().get(0);
    assertThat(row.keySet())
        .containsExactly(
            "id",
            "parent_id",
            "name",
            "slug",
            "description",
            "image_id",
            "sort_order",
            "is_active",
            "created_at",
            "updated_at");
    assertThat(row.get("id")).isEqualTo(A);
    assertThat(row.get("parent_id")).isNull();
    assertThat(row.get("sort_order")).isEqualTo(10);
    assertThat(row.get("is_active")).isEqualTo(true);
    assertThat(row.get("created_at")).isEqualTo(Instant.parse("2026-01-31T12:00:00.123456Z"));
    assertThat(row.get("updated_at")).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
  }

  @Test
  void aCountedReadPastTheLastRowIsEmptyWithItsTotal() {
    wiremock.stubFor(
        get(urlPathEqualTo(CATEGORIES))
            .withQueryParam("offset", equalTo("200"))
            .willReturn(
                json(
                        416,
                        "{\"code\":\"PGRST103\",\"details\":\"An offset of 200 was requested, but"
                            + " there are only 97 rows.\",\"hint\":null,\"message\":\"Requested"
                            + " range not satisfiable\"}")
                    .withHeader("Content-Range", "*/97")));
    wiremock.stubFor(
        get(urlEqualTo(CATEGORIES + "?select=*&limit=1")).willReturn(rows("[]", "0-0/97")));

    RowPage page = tables().select("categories", TableQuery.all().page(10, 200).withCount());

    assertThat(page.rows()).isEmpty();
    assertThat(page.total()).hasValue(97);
    assertThat(manager.status(store).breaker().consecutiveFailures()).isZero();
  }

  @Test
  void insertSendsTypedJsonAndReturnsTheStoredRowWithExactDecimals() {
    wiremock.stubFor(
        post(urlPathEqualTo("/rest/v1/product_variants"))
            .willReturn(
                json(
                    201,
                    """
                    [{"id":"00000000-0000-4000-8000-00000000000b",
                      "product_id":"00000000-0000-4000-8000-00000000000a","sku":"B-42",
                      "title":"Boot / 42","price":59.90,"compare_at_price":null,"cost_price":0.00,
                      "stock_quantity":3,"options":{"size":42,"weight":1.50,"colors":["black"]},
                      "barcode":null,"weight_grams":null,"is_default":false,"sort_order":0,
                      "created_at":"2026-01-31T12:00:00+00:00",
                      "updated_at":"2026-01-31T12:00:00+00:00"}]""")));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", B.toString());
    values.put("product_id", A);
    values.put("sku", "B-42");
    values.put("title", "Boot / 42");
    values.put("price", "59.90");
    values.put("cost_price", new BigDecimal("0.00"));
    values.put("options", Map.of("size", 42, "weight", new BigDecimal("1.50")));
    values.put("created_at", "2026-01-31T14:00:00+02:00");

    Map<String, Object> stored = tables().insert("product_variants", values);

    wiremock.verify(
        postRequestedFor(urlEqualTo("/rest/v1/product_variants"))
            .withHeader("Prefer", equalTo("return=representation"))
            .withRequestBody(
                equalToJson(
                    """
                    [{"id":"00000000-0000-4000-8000-00000000000b",
                      "product_id":"00000000-0000-4000-8000-00000000000a","sku":"B-42",
                      "title":"Boot / 42","price":59.90,"cost_price":0.00,
                      "options":{"size":42,"weight":1.50},
                      "created_at":"2026-01-31T12:00:00Z"}]""")));
    assertThat(stored.get("id")).isEqualTo(B);
    assertThat(stored.get("price")).isEqualTo(new BigDecimal("59.90"));
    assertThat(stored.get("cost_price")).isEqualTo(new BigDecimal("0.00"));
    assertThat(stored.get("stock_quantity")).isEqualTo(3);
    assertThat(stored.get("options"))
        .isEqualTo(Map.of("size", 42, "weight", 1.5, "colors", List.of("black")));
    assertThat(stored.get("created_at")).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
  }

  @Test
  void updateAndDeleteSendTheirFiltersAndCountTheRowsChanged() {
    wiremock.stubFor(
        patch(urlPathEqualTo(CATEGORIES))
            .willReturn(json(200, "[" + CATEGORY_A + "," + CATEGORY_A + "]")));
    wiremock.stubFor(delete(urlPathEqualTo(CATEGORIES)).willReturn(json(200, "[]")));

    int updated =
        tables()
            .update(
                "categories",
                List.of(Filter.eq("is_active", true), Filter.lt("sort_order", 5)),
                Map.of("description", "Shoes for everyone"));
    int deleted = tables().delete("categories", List.of(Filter.eq("id", A)));

    assertThat(updated).isEqualTo(2);
    assertThat(deleted).isZero();
    wiremock.verify(
        patchRequestedFor(urlEqualTo(CATEGORIES + "?is_active=eq.true&sort_order=lt.5"))
            .withHeader("Prefer", equalTo("return=representation"))
            .withRequestBody(equalToJson("{\"description\":\"Shoes for everyone\"}")));
    wiremock.verify(deleteRequestedFor(urlEqualTo(CATEGORIES + "?id=eq." + A)));
  }

  @Test
  void aRefusedRequestSendsNothingAndBuildsNoClient() {
    StoreTables tables = tables();
    List<Runnable> refused =
        List.of(
            () -> tables.select("pg_authid", TableQuery.all()),
            () -> tables.count("categories", List.of(Filter.eq("order", "x"))),
            () -> tables.select("categories", TableQuery.all().page(501, 0)),
            () -> tables.insert("categories", Map.of("slug", Map.of("not", "text"))),
            () -> tables.delete("categories", List.of()));

    for (Runnable call : refused) {
      assertThat(code(call).kind()).isEqualTo(ErrorKind.INVALID);
    }
    wiremock.verify(0, anyRequestedFor(anyUrl()));
    assertThat(built).isEmpty();
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            json(
                409,
                "{\"code\":\"23505\",\"details\":\"Key (slug)=(shoes) already exists.\","
                    + "\"hint\":null,\"message\":\"duplicate key value violates unique"
                    + " constraint \\\"uq_categories_slug\\\"\"}"),
            ProvisioningError.CONSTRAINT_VIOLATION,
            false),
        Arguments.of(
            json(
                400,
                "{\"code\":\"23502\",\"details\":null,\"hint\":null,\"message\":\"null value in"
                    + " column \\\"slug\\\" violates not-null constraint\"}"),
            ProvisioningError.CONSTRAINT_VIOLATION,
            false),
        Arguments.of(
            json(
                400,
                "{\"code\":\"22001\",\"details\":null,\"hint\":null,\"message\":\"value too long"
                    + " for type character varying(200)\"}"),
            ProvisioningError.INVALID_DATA_REQUEST,
            false),
        Arguments.of(
            json(
                404,
                "{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,\"message\":\"Could not"
                    + " find the table 'public.categories' in the schema cache\"}"),
            ProvisioningError.STORE_SCHEMA_INCOMPLETE,
            false),
        Arguments.of(
            json(
                403,
                "{\"code\":\"42501\",\"details\":null,\"hint\":null,\"message\":\"permission"
                    + " denied for table categories\"}"),
            ProvisioningError.STORE_QUERY_FAILED,
            false),
        Arguments.of(
            json(429, "{\"message\":\"Rate limit exceeded\"}").withHeader("Retry-After", "3"),
            ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED,
            false),
        Arguments.of(
            json(
                500,
                "{\"code\":\"57014\",\"details\":null,\"hint\":null,\"message\":\"canceling"
                    + " statement due to statement timeout\"}"),
            ProvisioningError.STORE_QUERY_TIMEOUT,
            true),
        Arguments.of(
            json(
                503,
                "{\"code\":\"PGRST001\",\"details\":null,\"hint\":null,\"message\":\"Database"
                    + " client error. Retrying the connection.\"}"),
            ProvisioningError.STORE_DATABASE_UNAVAILABLE,
            true),
        Arguments.of(
            json(
                401,
                "{\"message\":\"Invalid API key\",\"hint\":\"Double check your Supabase `anon`"
                    + " or `service_role` API key.\"}"),
            ProvisioningError.STORE_DATABASE_UNAVAILABLE,
            true),
        Arguments.of(
            json(200, "[{\"id\":\"not-a-uuid\"}]"), ProvisioningError.STORE_QUERY_FAILED, false));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void everyAnswerGetsTheCodeOfTheJdbcPathAndOnlyProjectFailuresCount(
      ResponseDefinitionBuilder answer, ProvisioningError expected, boolean counts) {
    wiremock.stubFor(get(urlPathEqualTo(CATEGORIES)).willReturn(answer));

    ProvisioningException e =
        catchThrowableOfType(
            ProvisioningException.class,
            () -> tables().select("categories", TableQuery.all().where(Filter.eq("slug", "s"))));

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.getMessage()).startsWith("Store store-contract: ").doesNotContain(KEY);
    assertThat(manager.status(store).breaker().consecutiveFailures()).isEqualTo(counts ? 1 : 0);
    wiremock.verify(1, getRequestedFor(urlPathEqualTo(CATEGORIES)));
  }

  @Test
  void aSlowAnswerIsAQueryTimeoutAndCounts() {
    wiremock.stubFor(
        get(urlPathEqualTo(CATEGORIES)).willReturn(rows("[]", "*/*").withFixedDelay(2000)));

    ProvisioningException e =
        catchThrowableOfType(
            ProvisioningException.class, () -> tables().select("categories", TableQuery.all()));

    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_QUERY_TIMEOUT);
    assertThat(manager.status(store).breaker().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void anUnreachableProjectOpensTheBreakerAndThenFailsWithoutARequest() throws Exception {
    UUID down = UUID.randomUUID();
    resolver.put(route(down, URI.create("http://127.0.0.1:" + TestStores.closedPort()), 1));
    StoreTables tables = manager.forStore(down).tables();

    for (int i = 0; i < 2; i++) {
      assertThat(code(() -> tables.count("categories", List.of())))
          .isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    }
    int clientsBefore = built.size();
    ProvisioningException fast =
        catchThrowableOfType(
            ProvisioningException.class, () -> tables.count("categories", List.of()));

    assertThat(manager.status(down).breaker().state()).isEqualTo(BreakerState.OPEN);
    assertThat(fast.code()).isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    assertThat(fast.getMessage()).contains("store-contract").contains("calls fail fast");
    assertThat(built)
        .as("the open breaker discarded the client; none was built")
        .hasSize(clientsBefore);
  }

  @Test
  void constraintViolationsNeverOpenTheBreaker() {
    wiremock.stubFor(
        post(urlPathEqualTo(CATEGORIES))
            .willReturn(
                json(
                    409,
                    "{\"code\":\"23503\",\"details\":null,\"hint\":null,\"message\":\"insert or"
                        + " update on table \\\"categories\\\" violates foreign key constraint\"}")));

    for (int i = 0; i < 3; i++) {
      assertThat(
              code(
                  () ->
                      tables()
                          .insert(
                              "categories",
                              Map.of("name", "Orphan", "slug", "orphan", "parent_id", A))))
          .isEqualTo(ProvisioningError.CONSTRAINT_VIOLATION);
    }

    assertThat(manager.status(store).breaker().state()).isEqualTo(BreakerState.CLOSED);
    wiremock.verify(3, postRequestedFor(urlEqualTo(CATEGORIES)));
  }

  @Test
  void oneClientServesTheRouteUntilTheConnectionChanges() {
    wiremock.stubFor(get(urlPathEqualTo(CATEGORIES)).willReturn(rows("[]", "0-0/4")));

    for (int i = 0; i < 3; i++) {
      assertThat(manager.forStore(store).tables().count("categories", List.of())).isEqualTo(4);
    }
    assertThat(built).hasSize(1);
    manager.invalidate(store);
    manager.forStore(store).tables().count("categories", List.of());
    assertThat(built).as("same stamp after an invalidation: same client").hasSize(1);

    resolver.put(route(store, base(), 2));
    manager.invalidate(store);
    manager.forStore(store).tables().count("categories", List.of());

    assertThat(built).as("a new config version builds a new client").hasSize(2);
    assertThat(manager.openDataApiClients()).isOne();
    assertThatThrownBy(() -> built.get(0).count("categories", List.of()))
        .as("the replaced client was closed");
    ConnectionStatus status = manager.status(store);
    assertThat(status.backend()).isEqualTo("supabase");
    assertThat(status.endpoint()).hasValue("127.0.0.1:" + wiremock.port());
    assertThat(status.pool()).isEmpty();
    assertThat(status.configVersion()).isEqualTo(2);
    assertThat(status.toString()).doesNotContain(KEY);
  }

  @Test
  void concurrentFirstCallsShareOneClientAndCloseTheOthersTheyBuilt() throws Exception {
    wiremock.stubFor(get(urlPathEqualTo(CATEGORIES)).willReturn(rows("[]", "0-0/4")));
    int callers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Long>> counts = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        counts.add(
            pool.submit(
                () -> {
                  start.await();
                  return manager.forStore(store).tables().count("categories", List.of());
                }));
      }
      start.countDown();
      for (Future<Long> count : counts) {
        assertThat(count.get(10, TimeUnit.SECONDS)).isEqualTo(4);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(manager.openDataApiClients()).isOne();
    long usable =
        built.stream()
            .filter(
                client -> {
                  try {
                    client.count("categories", List.of());
                    return true;
                  } catch (RuntimeException closed) {
                    return false;
                  }
                })
            .count();
    assertThat(usable)
        .as("of the %d clients built, only the one in use is open", built.size())
        .isOne();
  }

  @Test
  void aSupabaseStoreHasNoJdbc() {
    assertThat(manager.forStore(store).jdbc()).isEmpty();
    assertThat(manager.forStore(store).toString()).doesNotContain(KEY);
  }

  private StoreTables tables() {
    return manager.forStore(store).tables();
  }

  private static StoreRoute route(UUID id, URI projectUrl, int version) {
    return new StoreRoute(
        id,
        "contract",
        new RouteAccess.Rest(new PostgrestTarget(projectUrl, SecretString.of(KEY))),
        new RouteStamp(version, 2, "ACTIVE/ACTIVE/SUPABASE"));
  }

  private static ProvisioningError code(Runnable call) {
    return catchThrowableOfType(ProvisioningException.class, call::run).code();
  }

  private static URI base() {
    return URI.create("http://127.0.0.1:" + wiremock.port());
  }

  private static ResponseDefinitionBuilder rows(String body, String contentRange) {
    return json(200, body).withHeader("Content-Range", contentRange);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
