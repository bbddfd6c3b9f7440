package io.storeplane.api.supabase;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.provisioning.DriverClassLoaderGuard;
import io.storeplane.clientschema.ClientSchema;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.provider.StoreDatabase;
import io.storeplane.provisioning.provider.SupabaseDirectConnections;
import io.storeplane.testing.db.TestDatabase;
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
    String ref = after.getString("database.name");
    DoubleProject project = supabase().project(ref).orElseThrow();
    assertThat(project.name()).isEqualTo(store.getString("slug"));
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
  void projectThatFailsToInitFailsTheJobAndIsDeleted() {
    supabase().nextProjects(ProjectScript.endingIn(1, "INIT_FAILED"));
    Set<String> before = refs();
    JsonPath store = createStore(Map.of("type", "supabase", "create", true));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"), new ArrayList<>());
    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("supabase-project-failed");
    assertThat(done.getString("error.message")).contains("INIT_FAILED");
    assertThat(done.getString("message")).contains("what the job created was removed");
    assertThat(refs()).isEqualTo(before);
    assertThat(supabase().requestLog()).anyMatch(r -> r.startsWith("DELETE /v1/projects/"));
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
    QuarkusMock.installMockForType(
        new SupabaseDirectConnections() {
          @Override
          public StoreDatabase of(String ref, SecretString password) {
            assertThat(ref).isEqualTo(project.ref());
            passwords.add(password.reveal());
            return new StoreDatabase(
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
  void clashInAnExistingProjectFailsBeforeAnyChange() throws Exception {
    DoubleProject project = supabase().createExistingProject("merchant-clash");
    try (Connection c = project.database().connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE public.products (sku text)");
    }
    List<String> before;
    try (Connection c = project.database().connect()) {
      before = tables(c);
    }
    JsonPath done =
        awaitEnd(createStore(existing(project)).getString("provisioningJobId"), new ArrayList<>());
    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("schema-clash");
    assertThat(done.getString("error.message")).contains("products");
    try (Connection c = project.database().connect()) {
      assertThat(tables(c)).isEqualTo(before);
    }
  }

  private static Map<String, Object> existing(DoubleProject project) {
    Map<String, Object> option = new HashMap<>();
    option.put("type", "supabase");
    option.put("projectUrl", supabase().projectUrl(project.ref()).toString());
    option.put("serviceRoleKey", project.keys().secret());
    option.put("accessToken", supabase().accessToken());
    return option;
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
    String jobId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("storeId", storeId, "databaseType", "supabase"))
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
