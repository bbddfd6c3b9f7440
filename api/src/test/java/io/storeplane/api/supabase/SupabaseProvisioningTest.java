package io.storeplane.api.supabase;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.provider.SupabaseDirectConnections;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.ProjectScript;
import io.storeplane.testing.supabase.SupabaseDouble;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Supabase stores through the REST API against the double: create (waiting while the project comes
 * up, failing and deleting it when it does not), connect existing, and a clash in an existing
 * project. The double's projects are real databases on the local PostgreSQL server.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
class SupabaseProvisioningTest {

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  private static SupabaseDouble supabase() {
    return SupabaseDoubleProfile.supabase;
  }

  @Test
  void createdProjectReachesSucceededWithEveryTableGrantsAndSeedRows() throws Exception {
    supabase().nextProjects(ProjectScript.healthyAfter(4));
    JsonPath store = createStore(Map.of("type", "supabase", "create", true));
    List<String> messages = new ArrayList<>();
    JsonPath done = awaitEnd(store.getString("provisioningJobId"), messages);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(messages)
        .anyMatch(m -> m.matches("Waiting for Supabase project [a-z]{20}: COMING_UP"));

    JsonPath after = asAdmin().get("/api/v1/stores/" + store.getString("id")).jsonPath();
    assertThat(after.getString("databaseStatus")).isEqualTo("active");
    // the ledger: every version applied through the project's run-SQL channel
    JsonPath ledger =
        asAdmin().get("/api/v1/stores/" + store.getString("id") + "/schema/versions").jsonPath();
    assertThat(ledger.getInt("currentVersion")).isEqualTo(ClientSchema.currentVersion());
    assertThat(ledger.getList("versions.path", String.class))
        .hasSize(ClientSchema.currentVersion())
        .containsOnly("supabase");
    assertThat(ledger.getList("versions.state", String.class)).containsOnly("applied");
    String ref = after.getString("database.name");
    DoubleProject project = supabase().project(ref).orElseThrow();
    assertThat(project.name())
        .isEqualTo(store.getString("slug") + "-" + store.getString("id").substring(0, 8));
    assertThat(project.region()).isEqualTo("eu-central-1");
    assertThat(project.polls()).isGreaterThanOrEqualTo(5);
    assertThat(done.prettify())
        .doesNotContain(project.dbPass())
        .doesNotContain(project.keys().secret());
    assertThat(after.prettify()).doesNotContain(project.dbPass());

    try (Connection c = project.database().connect();
        Statement s = c.createStatement()) {
      for (String table : ClientSchema.manifest().tableNames()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT has_table_privilege('service_role', 'public."
                    + table
                    + "', 'SELECT,INSERT,UPDATE,DELETE'), c.relrowsecurity"
                    + " FROM pg_class c WHERE c.oid = 'public."
                    + table
                    + "'::regclass")) {
          assertThat(rs.next()).as(table).isTrue();
          assertThat(rs.getBoolean(1)).as("grants on " + table).isTrue();
          assertThat(rs.getBoolean(2)).as("RLS on " + table).isTrue();
        }
      }
      assertThat(count(s, "SELECT count(*) FROM categories")).isEqualTo(4);
      assertThat(count(s, "SELECT count(*) FROM cms_pages")).isEqualTo(4);
      assertThat(count(s, "SELECT count(*) FROM store_settings")).isEqualTo(10);
      assertThat(
              count(
                  s,
                  "SELECT count(*) FROM store_settings WHERE setting_key = 'general.store_name'"
                      + " AND setting_value = 'Supa store'"))
          .isEqualTo(1);
    }
  }

  @Test
  void aSupabaseStoreSuspendedByDeprovisionIsServedAgainAfterResume() {
    supabase().nextProjects(ProjectScript.healthyAfter(1));
    JsonPath store = createStore(Map.of("type", "supabase", "create", true));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"), new ArrayList<>());
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    String id = store.getString("id");
    String data = "/api/v1/stores/" + id + "/data/categories";
    asAdmin().get(data).then().statusCode(200);

    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("action", "suspend"))
        .post("/api/v1/stores/" + id + "/deprovision")
        .then()
        .statusCode(200)
        .body("databaseStatus", equalTo("suspended"));
    asAdmin().get(data).then().statusCode(409).body("code", equalTo("store-database-suspended"));

    asAdmin()
        .post("/api/v1/stores/" + id + "/resume")
        .then()
        .statusCode(200)
        .body("databaseStatus", equalTo("active"));
    asAdmin().get(data).then().statusCode(200);
    assertThat(provisionAgain(id).getString("status")).isEqualTo("succeeded");
    asAdmin().get(data).then().statusCode(200);
  }

  @Test
  void projectThatFailsToInitFailsTheJobAndIsDeleted() {
    supabase().nextProjects(ProjectScript.endingIn(1, "INIT_FAILED"));
    Set<String> before = refs();
    JsonPath store = createStore(Map.of("type", "supabase", "create", true));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"), new ArrayList<>());
    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("supabase-project-failed");
    assertThat(done.getString("error.message")).contains("INIT_FAILED");
    assertThat(done.getString("message")).contains("; deleted Supabase project ");
    assertThat(refs()).isEqualTo(before);
    assertThat(supabase().requestLog()).anyMatch(r -> r.startsWith("DELETE /v1/projects/"));
  }

  @Test
  void aCreateWhoseAnswerWasLostIsAdoptedOnTheRetryNotRepeated() {
    supabase().nextProjects(ProjectScript.healthyAfter(1));
    supabase().loseNextCreateAnswers(1, 502, "Bad gateway");
    Set<String> before = refs();
    long createsBefore = creates();
    long listingsBefore = listings();

    JsonPath store = createStore(Map.of("type", "supabase", "create", true));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"), new ArrayList<>());

    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(listings())
        .as("one look before the create, one on the retry")
        .isEqualTo(listingsBefore + 2);
    assertThat(creates()).isEqualTo(createsBefore + 1);
    assertThat(refs()).containsAll(before).hasSize(before.size() + 1);
    String ref =
        asAdmin()
            .get("/api/v1/stores/" + store.getString("id"))
            .jsonPath()
            .getString("database.name");
    assertThat(supabase().project(ref).orElseThrow().name())
        .isEqualTo(store.getString("slug") + "-" + store.getString("id").substring(0, 8));
  }

  @Test
  void aJobThatFailsAfterACreateWithoutAnAnswerDeletesThatProject() {
    supabase().nextProjects(ProjectScript.healthyAfter(1));
    supabase().loseNextCreateAnswers(1, 400, "Request rejected");
    Set<String> before = refs();

    JsonPath done =
        awaitEnd(
            createStore(Map.of("type", "supabase", "create", true)).getString("provisioningJobId"),
            new ArrayList<>());

    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("message")).contains("; deleted Supabase project ");
    assertThat(refs()).isEqualTo(before);
  }

  @Test
  void aProjectWithTheStoresNameThatTheStoreNeverCreatedIsLeftAlone() {
    String slug = "supa-" + UUID.randomUUID().toString().substring(0, 8);
    JsonPath store =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Name taken", "slug", slug, "plan", "free"))
            .post("/api/v1/stores")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String name = slug + "-" + store.getString("id").substring(0, 8);
    DoubleProject squatter = supabase().createExistingProject(name);
    long createsBefore = creates();

    JsonPath done =
        provision(
            Map.of(
                "storeId",
                store.getString("id"),
                "databaseType",
                "supabase",
                "config",
                Map.of("type", "supabase", "create", true)));

    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("supabase-project-name-taken");
    assertThat(done.getString("error.message")).contains(name).contains(squatter.ref());
    assertThat(creates()).isEqualTo(createsBefore);
    assertThat(supabase().project(squatter.ref())).isPresent();
  }

  @Test
  void existingProjectWithAccessTokenReachesSucceeded() throws Exception {
    supabase().nextProjects(ProjectScript.healthyAfter(0));
    DoubleProject project = supabase().createExistingProject("merchant-own");
    JsonPath store = createStore(existing(project));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"), new ArrayList<>());
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    try (Connection c = project.database().connect();
        Statement s = c.createStatement()) {
      assertThat(tables(c)).containsAll(ClientSchema.manifest().tableNames());
      assertThat(count(s, "SELECT count(*) FROM categories")).isEqualTo(4);
    }
    JsonPath again = provisionAgain(store.getString("id"));
    assertThat(again.getString("status")).as(again.prettify()).isEqualTo("succeeded");
    assertThat(again.getString("message")).contains("nothing changed");
  }

  @Test
  void existingProjectWithDatabasePasswordReachesSucceeded() throws Exception {
    DoubleProject project = supabase().createExistingProject("merchant-pw");
    TestDatabase db = project.database();
    List<String> passwords = new ArrayList<>();
    directConnectionsTo(project, passwords);
    Map<String, Object> option = existing(project);
    option.remove("accessToken");
    option.put("dbPassword", project.dbPass());
    JsonPath done = awaitEnd(createStore(option).getString("provisioningJobId"), new ArrayList<>());
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(passwords).isNotEmpty().allMatch(project.dbPass()::equals);
    assertThat(done.prettify()).doesNotContain(project.dbPass());
    assertThat(done.getString("steps.find { it.step == 'test-connection' }.message"))
        .contains("direct Postgres");
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      assertThat(tables(c)).containsAll(ClientSchema.manifest().tableNames());
      assertThat(count(s, "SELECT count(*) FROM cms_pages")).isEqualTo(4);
      assertThat(
              count(
                  s, "SELECT count(*) FROM pg_class WHERE relname = 'products' AND relrowsecurity"))
          .isEqualTo(1);
    }
  }

  @Test
  void aClashIsJudgedByShapeAlikeOnRunSqlDirectPostgresAndJdbcBeforeAnyChange() throws Exception {
    String clashing = "CREATE TABLE public.products (sku text)";
    DoubleProject overRunSql = supabase().createExistingProject("merchant-clash");
    DoubleProject overDirect = supabase().createExistingProject("merchant-clash-pw");
    TestDatabase plain = TestDatabases.postgres().createDatabase("clash");
    try {
      for (TestDatabase db : List.of(overRunSql.database(), overDirect.database(), plain)) {
        execute(db, clashing);
      }
      Map<TestDatabase, Catalog> before = new HashMap<>();
      for (TestDatabase db : List.of(overRunSql.database(), overDirect.database(), plain)) {
        before.put(db, catalog(db));
      }
      directConnectionsTo(overDirect, new ArrayList<>());
      Map<String, Object> direct = existing(overDirect);
      direct.remove("accessToken");
      direct.put("dbPassword", overDirect.dbPass());

      List<JsonPath> ends =
          List.of(
              awaitEnd(
                  createStore(existing(overRunSql)).getString("provisioningJobId"),
                  new ArrayList<>()),
              awaitEnd(createStore(direct).getString("provisioningJobId"), new ArrayList<>()),
              awaitEnd(
                  createStore(DatabaseOptions.existing(plain, plain.password()))
                      .getString("provisioningJobId"),
                  new ArrayList<>()));

      for (JsonPath done : ends) {
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("failed");
        assertThat(done.getString("error.code")).isEqualTo("schema-clash");
        assertThat(done.getString("error.message"))
            .startsWith("1 table(s) the store schema needs already exist in another shape")
            .contains("table products already exists with another shape")
            .contains("missing column id (UUID NOT NULL)")
            .contains("unexpected column sku (text)");
        assertThat(done.getString("steps.find { it.step == 'inspect-existing-tables' }.status"))
            .isEqualTo("failed");
      }
      assertThat(ends.stream().map(e -> e.getString("error.message")).distinct()).hasSize(1);
      for (TestDatabase db : List.of(overRunSql.database(), overDirect.database(), plain)) {
        assertThat(catalog(db)).isEqualTo(before.get(db));
      }
    } finally {
      plain.close();
    }
  }

  @Test
  void aTableOfTheNeededShapeIsNoClashOverRunSqlAndIsKept() throws Exception {
    DoubleProject project = supabase().createExistingProject("merchant-couriers");
    execute(
        project.database(),
        neededTable("couriers"),
        "INSERT INTO couriers (id, code, name, config)"
            + " VALUES ('00000000-0000-0000-0000-0000000000c1', 'own', 'Own courier', '{}')");

    JsonPath done =
        awaitEnd(createStore(existing(project)).getString("provisioningJobId"), new ArrayList<>());

    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(done.getString("steps.find { it.step == 'inspect-existing-tables' }.message"))
        .isEqualTo(
            "Found 1 table(s) (1 of the %d the schema needs, no Storeplane schema yet); no clashes"
                .formatted(ClientSchema.manifest().totalTables()));
    try (Connection c = project.database().connect();
        Statement s = c.createStatement()) {
      assertThat(tables(c)).containsAll(ClientSchema.manifest().tableNames());
      assertThat(count(s, "SELECT count(*) FROM couriers WHERE code = 'own'")).isEqualTo(1);
    }
  }

  /** The CREATE TABLE of {@code table} exactly as the PostgreSQL V1 migration writes it. */
  private static String neededTable(String table) throws Exception {
    String v1;
    try (var in =
        SupabaseProvisioningTest.class.getResourceAsStream(
            "/db/client/postgresql/V1__base_store_schema.sql")) {
      v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    int start = v1.indexOf("CREATE TABLE IF NOT EXISTS " + table + " (");
    assertThat(start).as(table + " in V1").isNotNegative();
    return v1.substring(start, v1.indexOf(");", start) + 1);
  }

  private static void execute(TestDatabase db, String... statements) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static Catalog catalog(TestDatabase db) throws Exception {
    try (Connection c = db.connect()) {
      return CatalogInspector.inspect(c, Dialect.POSTGRESQL);
    }
  }

  /** Makes "direct Postgres" to {@code project} reach its database on the local server. */
  private static void directConnectionsTo(DoubleProject project, List<String> passwords) {
    TestDatabase db = project.database();
    QuarkusMock.installMockForType(
        new SupabaseDirectConnections() {
          @Override
          public DatabaseLogin of(String ref, SecretString password) {
            assertThat(ref).isEqualTo(project.ref());
            passwords.add(password.reveal());
            return new DatabaseLogin(
                DatabaseEngine.POSTGRESQL,
                db.server().host(),
                db.server().port(),
                db.name(),
                db.username(),
                SecretString.of(db.password()),
                false,
                true);
          }
        },
        SupabaseDirectConnections.class);
  }

  private static Map<String, Object> existing(DoubleProject project) {
    Map<String, Object> option = new HashMap<>();
    option.put("type", "supabase");
    option.put("projectUrl", supabase().projectUrl(project.ref()).toString());
    option.put("serviceRoleKey", project.keys().secret());
    option.put("accessToken", supabase().accessToken());
    return option;
  }

  private static long creates() {
    return supabase().requestLog().stream().filter("POST /v1/projects"::equals).count();
  }

  private static long listings() {
    String listing = "GET /v1/organizations/" + supabase().organizationSlug() + "/projects";
    return supabase().requestLog().stream().filter(listing::equals).count();
  }

  private static Set<String> refs() {
    return supabase().projects().stream().map(DoubleProject::ref).collect(Collectors.toSet());
  }

  private static int count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static List<String> tables(Connection c) throws Exception {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    names.sort(null);
    return names;
  }

  private static JsonPath createStore(Map<String, Object> database) {
    return TestCallers.newStore("Supa store", "supa", database);
  }

  private static JsonPath provisionAgain(String storeId) {
    return provision(Map.of("storeId", storeId, "databaseType", "supabase"));
  }

  /** Starts a job with {@code POST /api/v1/provision} and waits for its end. */
  private static JsonPath provision(Map<String, Object> request) {
    String jobId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(request)
            .post("/api/v1/provision")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getString("jobId");
    return awaitEnd(jobId, new ArrayList<>());
  }

  /** Polls the status endpoint until the job ends, keeping every message seen. */
  private static JsonPath awaitEnd(String jobId, List<String> messages) {
    return JobPolling.awaitEnd(jobId, status -> messages.add(status.getString("message")));
  }
}
