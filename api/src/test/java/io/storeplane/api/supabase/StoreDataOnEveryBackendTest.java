package io.storeplane.api.supabase;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.supabase.StoreDataScenario.Step;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.ProjectScript;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same store data code on every backend: a store is provisioned through the REST API on managed
 * PostgreSQL, managed MariaDB and Supabase (created on the double), and one fixed sequence of reads
 * and writes ({@link StoreDataScenario}) runs on each through the ConnectionManager's table API.
 * Every backend must answer exactly what the PostgreSQL store answers: the same Java values, the
 * same error codes. The Supabase store is also used once through the store data HTTP API.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreDataOnEveryBackendTest {

  /** The backends and the database option that provisions a store on each. */
  enum Backend {
    POSTGRESQL(Map.of("type", "managed-postgresql")),
    MYSQL(Map.of("type", "managed-mysql")),
    SUPABASE(Map.of("type", "supabase", "create", true));

    private final Map<String, Object> option;

    Backend(Map<String, Object> option) {
      this.option = option;
    }
  }

  @Inject ConnectionManager connections;

  private final Map<Backend, String> stores = new EnumMap<>(Backend.class);
  private final Map<Backend, List<Step>> transcripts = new EnumMap<>(Backend.class);

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theSameReadsAndWritesAnswerWhatThePostgresqlStoreAnswers(Backend backend) {
    List<Step> postgresql = transcript(Backend.POSTGRESQL);
    List<Step> transcript = transcript(backend);

    assertThat(transcript).hasSameSizeAs(postgresql);
    for (int i = 0; i < transcript.size(); i++) {
      assertThat(transcript.get(i)).as("step %d on %s", i, backend).isEqualTo(postgresql.get(i));
    }
    String expected =
        backend == Backend.SUPABASE
            ? "supabase"
            : backend.name().toLowerCase(java.util.Locale.ROOT);
    assertThat(connections.status(UUID.fromString(store(backend))).backend()).isEqualTo(expected);
  }

  @Test
  void theSupabaseStoreThroughTheStoreDataHttpApi() {
    String store = store(Backend.SUPABASE);
    String products = "/api/v1/stores/" + store + "/data/products";
    String variants = "/api/v1/stores/" + store + "/data/product_variants";
    int before = dataApiRequests(store);

    String product =
        created(products, Map.of("title", "Http boot", "slug", "http-" + UUID.randomUUID()))
            .getString("id");
    JsonPath variant =
        created(
            variants,
            Map.of(
                "product_id",
                product,
                "sku",
                "HTTP-" + UUID.randomUUID(),
                "title",
                "Http boot / 42",
                "price",
                59.9,
                "options",
                Map.of("size", 42, "colors", List.of("black"))));
    assertThat(variant.getString("price")).isEqualTo("59.9");
    assertThat(variant.getMap("options")).isEqualTo(Map.of("size", 42, "colors", List.of("black")));
    JsonPath page =
        ok(
            asAdmin()
                .queryParam("product_id", product)
                .queryParam("price", "gt:50")
                .queryParam("sort", "price:desc")
                .queryParam("count", "true")
                .get(variants));
    assertThat(page.getList("rows.id")).containsExactly(variant.getString("id"));
    assertThat(page.getInt("total")).isOne();
    JsonPath changed =
        ok(
            asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("stock_quantity", 4, "price", "61.00"))
                .patch(variants + "/" + variant.getString("id")));
    assertThat(changed.getInt("stock_quantity")).isEqualTo(4);
    problem(
        post(
            variants,
            Map.of("product_id", UUID.randomUUID(), "sku", "X", "title", "X", "price", 1)),
        409,
        "constraint-violation");
    problem(
        asAdmin().queryParam("options", "x").get(variants).then().extract().response(),
        400,
        "invalid-data-request");
    asAdmin().delete(variants + "/" + variant.getString("id")).then().statusCode(204);
    problem(
        asAdmin().get(variants + "/" + variant.getString("id")).then().extract().response(),
        404,
        "row-not-found");

    assertThat(dataApiRequests(store) - before)
        .as("every call was served by the project's PostgREST")
        .isGreaterThanOrEqualTo(7);
    DoubleProject project = project(store);
    JsonPath connection = ok(asAdmin().get("/api/v1/stores/" + store + "/connection"));
    assertThat(connection.getString("backend")).isEqualTo("supabase");
    assertThat(connection.getString("endpoint"))
        .isEqualTo(SupabaseDoubleProfile.supabase.managementUrl().getAuthority());
    assertThat(connection.getMap("pool")).isNull();
    assertThat(connection.getString("breaker.state")).isEqualTo("closed");
    assertThat(connection.prettify())
        .doesNotContain(project.keys().secret())
        .doesNotContain(project.keys().serviceRoleJwt());
  }

  private List<Step> transcript(Backend backend) {
    return transcripts.computeIfAbsent(
        backend,
        b -> StoreDataScenario.run(connections.forStore(UUID.fromString(store(b))).tables()));
  }

  /** The backend's store, provisioned through the REST API on first use. */
  private String store(Backend backend) {
    return stores.computeIfAbsent(backend, StoreDataOnEveryBackendTest::provision);
  }

  private static String provision(Backend backend) {
    if (backend == Backend.SUPABASE) {
      SupabaseDoubleProfile.supabase.nextProjects(ProjectScript.healthyAfter(0));
    }
    JsonPath store = TestCallers.newStore("Parity store", "parity", backend.option);
    JsonPath done = JobPolling.awaitEnd(store.getString("provisioningJobId"), status -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    return store.getString("id");
  }

  private static DoubleProject project(String store) {
    String ref = asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("database.name");
    return SupabaseDoubleProfile.supabase.project(ref).orElseThrow();
  }

  private static int dataApiRequests(String store) {
    String path = "/" + project(store).ref() + "/rest/v1/";
    return (int)
        SupabaseDoubleProfile.supabase.requestLog().stream().filter(r -> r.contains(path)).count();
  }

  private static Response post(String path, Map<String, Object> values) {
    return asAdmin().contentType(ContentType.JSON).body(values).post(path);
  }

  private static JsonPath created(String path, Map<String, Object> values) {
    Response response = post(path, values);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
    return response.jsonPath();
  }

  private static JsonPath ok(Response response) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    return response.jsonPath();
  }

  private static void problem(Response response, int status, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
  }
}
