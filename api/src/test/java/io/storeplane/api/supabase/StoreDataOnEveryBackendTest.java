package io.storeplane.api.supabase;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.JobPolling;
import io.storeplane.api.provisioning.DriverClassLoaderGuard;
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
    String data = "/api/v1/stores/" + store + "/data/categories";
    String slug = "http-" + UUID.randomUUID();
    int before = dataApiReads(store);

    String id =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Over HTTP", "slug", slug, "sort_order", 7))
            .post(data)
            .then()
            .statusCode(201)
            .body("name", equalTo("Over HTTP"))
            .body("is_active", equalTo(true))
            .body("created_at", notNullValue())
            .extract()
            .path("id");
    asAdmin()
        .queryParam("slug", slug)
        .queryParam("sort_order", "gte:5")
        .queryParam("sort", "created_at:desc")
        .queryParam("count", "true")
        .get(data)
        .then()
        .statusCode(200)
        .body("rows", hasSize(1))
        .body("rows[0].id", equalTo(id))
        .body("total", equalTo(1));
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("description", "Changed over HTTP"))
        .patch(data + "/" + id)
        .then()
        .statusCode(200)
        .body("description", equalTo("Changed over HTTP"));
    problem(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Again", "slug", slug))
            .post(data)
            .then()
            .extract()
            .response(),
        409,
        "constraint-violation");
    problem(
        asAdmin().queryParam("nope", "1").get(data).then().extract().response(),
        400,
        "unknown-column");
    asAdmin().delete(data + "/" + id).then().statusCode(204);
    problem(asAdmin().get(data + "/" + id).then().extract().response(), 404, "row-not-found");

    assertThat(dataApiReads(store)).as("served by the project's PostgREST").isGreaterThan(before);
    DoubleProject project = project(store);
    String connection =
        asAdmin()
            .get("/api/v1/stores/" + store + "/connection")
            .then()
            .statusCode(200)
            .body("backend", equalTo("supabase"))
            .body(
                "endpoint", equalTo(SupabaseDoubleProfile.supabase.managementUrl().getAuthority()))
            .body("pool", nullValue())
            .body("draining", hasSize(0))
            .body("breaker.state", equalTo("closed"))
            .extract()
            .asString();
    assertThat(connection)
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
    JsonPath store =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "Parity store",
                    "slug",
                    "parity-" + UUID.randomUUID().toString().substring(0, 8),
                    "plan",
                    "free",
                    "database",
                    backend.option))
            .post("/api/v1/stores")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    JsonPath done = JobPolling.awaitEnd(store.getString("provisioningJobId"), status -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    return store.getString("id");
  }

  private static DoubleProject project(String store) {
    String ref = asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("database.name");
    return SupabaseDoubleProfile.supabase.project(ref).orElseThrow();
  }

  private static int dataApiReads(String store) {
    String prefix = "GET /" + project(store).ref() + "/rest/v1/categories";
    return (int)
        SupabaseDoubleProfile.supabase.requestLog().stream().filter(prefix::equals).count();
  }

  private static void problem(Response response, int status, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
  }
}
