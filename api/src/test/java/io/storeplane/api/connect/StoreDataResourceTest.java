package io.storeplane.api.connect;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store data API over a real store database at the current client schema: reads with filters,
 * pages and counts, writes by id, store tokens inside their own store, and every failure a problem
 * (4xx for a bad request, 503 with Retry-After when the store's database cannot answer).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreDataResourceTest {

  @Inject ConnectionManager connections;

  private TestDatabase database;
  private String store;
  private String mysqlStore;

  @BeforeAll
  void storeWithSchema() throws Exception {
    DriverClassLoaderGuard.installTestPolicy();
    database = TestDatabases.postgres().createDatabase("apidata");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setMaximumPoolSize(3);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      new ClientSchemaMigrator(dataSource, Dialect.POSTGRESQL).migrate();
    }
  }

  /** Made on first use: RestAssured knows the test port only once a test runs. */
  @BeforeEach
  void registerOnce() {
    if (store == null) {
      store = register(database.server().port(), database.name());
      // The registration's provisioning job drops this instance's route when it ends; let it end
      // first, so a route check sees only what the test's own calls did.
      JobPolling.awaitEnd(
          asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("provisioningJobId"),
          status -> {});
    }
  }

  @AfterAll
  void drop() {
    database.close();
  }

  @Test
  void rowsAreInsertedFilteredPagedChangedAndDeleted() {
    String slug = "boots-" + UUID.randomUUID();
    var created =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Boots", "slug", slug, "sort_order", 3))
            .post(data("categories"))
            .then()
            .statusCode(201)
            .body("name", equalTo("Boots"))
            .body("is_active", equalTo(true))
            .body("created_at", notNullValue())
            .extract();
    String id = created.path("id");
    assertThat(created.header("Location")).endsWith(data("categories") + "/" + id);
    assertThat(connections.status(UUID.fromString(store)).routed())
        .as("a data write keeps the store's route cached")
        .isTrue();

    asAdmin()
        .queryParam("slug", slug)
        .queryParam("sort_order", "gte:2")
        .queryParam("sort", "created_at:desc")
        .queryParam("count", "true")
        .get(data("categories"))
        .then()
        .statusCode(200)
        .body("rows", hasSize(1))
        .body("rows[0].id", equalTo(id))
        .body("total", equalTo(1))
        .body("limit", equalTo(50));

    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Winter boots"))
        .patch(data("categories") + "/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Winter boots"));
    asAdmin().delete(data("categories") + "/" + id).then().statusCode(204);
    asAdmin()
        .get(data("categories") + "/" + id)
        .then()
        .statusCode(404)
        .body("code", equalTo("row-not-found"));
  }

  @Test
  void aStoreTokenWorksOnItsOwnStoresData() {
    String token = TestCallers.tokenForStore(store);

    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Hats", "slug", "hats-" + UUID.randomUUID()))
        .post(data("categories"))
        .then()
        .statusCode(201);
    as(token).queryParam("name", "Hats").get(data("categories")).then().statusCode(200);

    // The record of deleted products, which the usage rollup counts from, is read-only here.
    as(token).get(data("product_deletions")).then().statusCode(200);
    as(token)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "product_id", UUID.randomUUID().toString(),
                "product_created_at", "2026-01-01T00:00:00Z",
                "deleted_at", "2026-01-02T00:00:00Z"))
        .post(data("product_deletions"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-data-request"));
  }

  @Test
  void badRequestsAreProblemsNeverServerErrors() {
    problem(asAdmin().get(data("pg_shadow")).then().extract().response(), 400, "unknown-table");
    problem(
        asAdmin().queryParam("nope", "1").get(data("categories")).then().extract().response(),
        400,
        "unknown-column");
    problem(
        asAdmin().queryParam("id", "x'; --").get(data("categories")).then().extract().response(),
        400,
        "invalid-data-request");
    problem(
        asAdmin().queryParam("limit", "5000").get(data("categories")).then().extract().response(),
        400,
        "invalid-data-request");
    problem(
        asAdmin().queryParam("limit", "ten").get(data("categories")).then().extract().response(),
        400,
        "validation-failed");
    String slug = "taken-" + UUID.randomUUID();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "One", "slug", slug))
        .post(data("categories"))
        .then()
        .statusCode(201);
    problem(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Two", "slug", slug))
            .post(data("categories"))
            .then()
            .extract()
            .response(),
        409,
        "constraint-violation");
    problem(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", 42, "slug", "x"))
            .post(data("categories"))
            .then()
            .extract()
            .response(),
        400,
        "invalid-data-request");
  }

  @Test
  void aStorePoolWithEveryConnectionBusyAnswers503WithRetryAfter() throws Exception {
    UUID id = UUID.fromString(store);
    try (Connection held =
        connections.forStore(id).jdbc().orElseThrow().dataSource().getConnection()) {
      var response = asAdmin().get(data("categories")).then().extract().response();

      problem(response, 503, "connection-capacity-exhausted");
      assertThat(response.header("Retry-After")).isNotNull();
      assertThat(response.jsonPath().getString("detail"))
          .as("the pool's name and the driver's text stay in the log")
          .doesNotContain("store-")
          .doesNotContain("Pool")
          .doesNotContain("Exception");
      assertThat(held.isValid(1)).isTrue();
    }
  }

  @Test
  void aStoreWhoseDatabaseIsDownAnswers503() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    String down = register(port, "nowhere");

    var response =
        asAdmin().get("/api/v1/stores/" + down + "/data/categories").then().extract().response();

    problem(response, 503, "store-database-unavailable");
    assertThat(response.header("Retry-After")).isNotNull();
  }

  /**
   * A refused write names the rule and the fields by the API's names, on PostgreSQL and on MariaDB
   * alike, and never carries the driver's text, a constraint or internal name, or a value sent.
   */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mysql"})
  void refusedWritesNameTheRuleAndFieldsButNoDriverTextOrValue(String engine) {
    String data = "/api/v1/stores/" + storeOn(engine) + "/data/";
    String parentSlug = "parent-" + UUID.randomUUID();
    String parent = created(data + "categories", Map.of("name", "Parent", "slug", parentSlug));
    created(
        data + "categories",
        Map.of("name", "Child", "slug", "child-" + UUID.randomUUID(), "parent_id", parent));
    String missing = UUID.randomUUID().toString();
    String longName = "Longname".repeat(40);

    refused(
        post(data + "products", Map.of("title", "Nameless")),
        409,
        "constraint-violation",
        "Field 'slug' is required: the store's schema does not allow it to be empty.",
        Map.of("slug", "is required"),
        "Nameless");
    refused(
        post(data + "categories", Map.of("name", "Again", "slug", parentSlug)),
        409,
        "constraint-violation",
        "Another row already has this slug.",
        Map.of("slug", "is taken"),
        parentSlug);
    refused(
        post(
            data + "categories",
            Map.of("name", "Orphan", "slug", "orphan-" + UUID.randomUUID(), "parent_id", missing)),
        409,
        "constraint-violation",
        "Field 'parent_id' names no row of categories.",
        Map.of("parent_id", "names no row of categories"),
        missing);
    refused(
        post(
            data + "products",
            Map.of("title", "Odd", "slug", "odd-" + UUID.randomUUID(), "status", "bogusstatus")),
        409,
        "constraint-violation",
        "The value of status breaks a rule of the store's schema (an allowed value, range or"
            + " format).",
        Map.of("status", "breaks a rule of the store's schema"),
        "bogusstatus");
    refused(
        asAdmin().delete(data + "categories/" + parent).then().extract().response(),
        409,
        "constraint-violation",
        "The row is still referenced by parent_id of categories.",
        Map.of(),
        parent);
    refused(
        post(data + "categories", Map.of("name", longName, "slug", "long-" + UUID.randomUUID())),
        400,
        "invalid-data-request",
        "A value is longer than its field allows.",
        Map.of(),
        "Longname");
  }

  private String storeOn(String engine) {
    if (engine.equals("postgresql")) {
      return store;
    }
    if (mysqlStore == null) {
      JsonPath created =
          TestCallers.newStore("Data store", "datamy", Map.of("type", "managed-mysql"));
      JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), status -> {});
      assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
      mysqlStore = created.getString("id");
    }
    return mysqlStore;
  }

  private static io.restassured.response.Response post(String path, Map<String, Object> body) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(body)
        .post(path)
        .then()
        .extract()
        .response();
  }

  private static String created(String path, Map<String, Object> body) {
    io.restassured.response.Response response = post(path, body);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
    return response.jsonPath().getString("id");
  }

  private static void refused(
      io.restassured.response.Response response,
      int status,
      String code,
      String detail,
      Map<String, String> fields,
      String sent) {
    problem(response, status, code);
    JsonPath problem = response.jsonPath();
    assertThat(problem.getString("detail")).as(response.asString()).isEqualTo(detail);
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    List<Map<String, String>> listed = problem.getList("errors");
    for (Map<String, String> error : listed == null ? List.<Map<String, String>>of() : listed) {
      errors.put(error.get("field"), error.get("message"));
    }
    assertThat(errors).as(response.asString()).isEqualTo(fields);
    String text = problem.getString("detail") + " " + errors;
    for (String leak :
        List.of(
            sent,
            "Pool",
            "store-",
            "Exception",
            "ERROR",
            "Failing row",
            "Duplicate entry",
            "CONSTRAINT",
            "uq_",
            "fk_",
            "ck_",
            "pk_",
            "[23",
            "[22",
            "(23",
            "Key (")) {
      assertThat(text).as(response.asString()).doesNotContain(leak);
    }
  }

  private static void problem(io.restassured.response.Response response, int status, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
  }

  private String data(String table) {
    return "/api/v1/stores/" + store + "/data/" + table;
  }

  private String register(int port, String databaseName) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "Data store",
                "slug",
                "data-" + UUID.randomUUID().toString().substring(0, 8),
                "plan",
                "free",
                "database",
                Map.of(
                    "type",
                    "postgresql",
                    "host",
                    database.server().host(),
                    "port",
                    port,
                    "database",
                    databaseName,
                    "username",
                    database.username(),
                    "password",
                    "unused-with-trust")))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
