package io.storeplane.api.security;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What responses reveal: a problem's detail and field errors never echo a value that was sent (a
 * plan, an id, an e-mail, a column value), a response carrying a token's secret is never cached,
 * and a store token does not learn where its store's database lives.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseDisclosureTest {

  private String store;

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @Test
  void problemDetailsNeverEchoWhatWasSent() {
    String marker = "echo" + UUID.randomUUID().toString().substring(0, 8);
    String unknown = UUID.randomUUID().toString();
    String slug = "echo-" + UUID.randomUUID().toString().substring(0, 8);
    post("/api/v1/stores", Map.of("name", "Echo", "slug", slug, "plan", "free"), 201);
    String email = marker + "@example.com";
    post("/api/v1/users", Map.of("email", email, "fullName", "Echo", "role", "viewer"), 201);
    String data = "/api/v1/stores/" + store() + "/data/";

    notEchoed(
        post("/api/v1/stores", Map.of("name", "Echo", "slug", marker, "plan", marker), 400),
        marker);
    notEchoed(
        post("/api/v1/stores", Map.of("name", "Echo", "slug", slug, "plan", "free"), 409), slug);
    notEchoed(
        post("/api/v1/users", Map.of("email", email, "fullName", "Echo", "role", "viewer"), 409),
        marker);
    notEchoed(post("/api/v1/tokens", Map.of("storeId", unknown, "name", "t"), 400), unknown);
    notEchoed(post("/api/v1/tokens", Map.of("userId", unknown, "name", "t"), 400), unknown);
    notEchoed(asAdmin().get("/api/v1/stores/" + marker), marker);
    notEchoed(asAdmin().get("/api/v1/stores/" + unknown), unknown);
    notEchoed(asAdmin().delete("/api/v1/tokens/" + unknown), unknown);
    notEchoed(asAdmin().get("/api/v1/jobs/" + unknown), unknown);
    notEchoed(asAdmin().get("/api/v1/provision/" + unknown + "/status"), unknown);
    notEchoed(asAdmin().get(data + "categories/" + unknown), unknown);
    notEchoed(post(data + "categories", Map.of("name", "N", "sort_order", marker), 400), marker);
    notEchoed(post(data + "categories", Map.of("name", "N", "parent_id", marker), 400), marker);
    notEchoed(asAdmin().queryParam("limit", "98765").get(data + "categories"), "98765");
    notEchoed(asAdmin().queryParam("offset", "987654321").get(data + "categories"), "987654321");
    notEchoed(asAdmin().get(data + marker), marker);
    notEchoed(post("/api/v1/stores", existingDatabaseAt("169.254.169.254"), 422), "169.254");
    notEchoed(post("/api/v1/stores", existingDatabaseAt(marker + ".invalid"), 422), marker);
    Map<String, Object> login = new java.util.HashMap<>(databaseAt("127.0.0.1"));
    login.put("database", marker);
    notEchoed(post("/api/v1/databases/test", login, 400), marker);
  }

  /** A store create body connecting an existing PostgreSQL database at {@code host}. */
  private static Map<String, Object> existingDatabaseAt(String host) {
    return Map.of(
        "name",
        "Echo",
        "slug",
        "echo-" + UUID.randomUUID().toString().substring(0, 8),
        "plan",
        "free",
        "database",
        databaseAt(host));
  }

  /** An existing PostgreSQL database at {@code host} (the test server trusts every login). */
  private static Map<String, Object> databaseAt(String host) {
    return Map.of(
        "type",
        "postgresql",
        "host",
        host,
        "port",
        5432,
        "database",
        "shop",
        "username",
        "postgres",
        "password",
        "unused");
  }

  @Test
  void aResponseCarryingATokenIsNeverCached() {
    Response created =
        post("/api/v1/tokens", Map.of("storeId", TestCallers.newStore(), "name", "app"), 201);

    assertThat(created.jsonPath().getString("token")).startsWith("spt_");
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    assertThat(created.header("Pragma")).isEqualTo("no-cache");
  }

  @Test
  void aStoreTokenDoesNotLearnWhereItsDatabaseLives() {
    String id = store();
    JsonPath admin = ok(asAdmin().get("/api/v1/stores/" + id));
    assertThat(admin.getString("database.serverId")).isNotNull();
    assertThat(admin.getString("database.host")).isNotNull();
    assertThat(admin.getString("database.name")).isNotNull();

    JsonPath own = ok(as(TestCallers.tokenForStore(id)).get("/api/v1/stores/" + id));

    assertThat(own.getString("id")).isEqualTo(id);
    assertThat(own.getString("slug")).isEqualTo(admin.getString("slug"));
    assertThat(own.getString("databaseStatus")).isEqualTo("active");
    assertThat(own.getMap("database")).isEqualTo(Map.of("type", "managed-postgresql"));
    assertThat(own.getString("provisioningJobId")).isNull();
  }

  /** A store on a managed PostgreSQL database, provisioned on first use. */
  private String store() {
    if (store == null) {
      JsonPath created =
          TestCallers.newStore("Disclosure", "disclose", Map.of("type", "managed-postgresql"));
      JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), status -> {});
      assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
      store = created.getString("id");
    }
    return store;
  }

  private static Response post(String path, Map<String, Object> body, int status) {
    Response response = asAdmin().contentType(ContentType.JSON).body(body).post(path);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    return response;
  }

  private static JsonPath ok(Response response) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    return response.jsonPath();
  }

  /** The problem names what is wrong without the value sent (the path in "instance" aside). */
  private static void notEchoed(Response response, String sent) {
    assertThat(response.statusCode()).as(response.asString()).isBetween(400, 499);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonPath problem = response.jsonPath();
    List<Object> errors = problem.getList("errors");
    assertThat(problem.getString("detail") + " " + (errors == null ? "" : errors))
        .as(response.asString())
        .doesNotContain(sent);
  }
}
