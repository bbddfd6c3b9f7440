package io.storeplane.api.console;

import static io.storeplane.api.TestApi.ADMIN_TOKEN;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.fleet.FleetStores;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's pages beyond the session, over real HTTP without a browser: connecting an existing
 * database (its check saves nothing, a clash saves nothing, a clean database is provisioned), the
 * database servers page, the audit log page, a store's deletion, Retry of a failed job, a rollout's
 * pages (listed, followed, paused, resumed and cancelled; a viewer and a forged post refused), a
 * rollout started from the form after its preflight (fields refused one by one, beside the field
 * the refusal names; a store that is not clean shown with the fleet's reasons), and refusals
 * answered with the status their error kind means. The same profile as the other console tests (and
 * the Supabase tests), so no boot of its own.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
class ConsolePagesTest {

  @Inject DataSource master;

  private final List<TestDatabase> databases = new ArrayList<>();

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
    databases.clear();
  }

  @Test
  void aClashingDatabaseShowsItsClashesAndNothingIsSaved() throws Exception {
    TestDatabase db = TestDatabases.postgres().createDatabase("console_clash");
    databases.add(db);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE categories (id INTEGER PRIMARY KEY)");
      s.execute("CREATE TABLE my_own (id INTEGER PRIMARY KEY)");
    }
    String password = "pw-" + UUID.randomUUID();
    String slug = "clash-" + UUID.randomUUID().toString().substring(0, 8);
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/onboard/existing");
    Object[] fields = existing(db, slug, db.password().isEmpty() ? password : db.password());

    // Without JavaScript the whole form comes back, with the report and without the password.
    String tested =
        admin
            .post("/console/onboard/existing/test", csrf, fields)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(tested)
        .contains("PostgreSQL", "categories", "my_own", "id=\"clashes\"", "Nothing was saved")
        .doesNotContain(password);
    // htmx asks for the report alone.
    String fragment =
        admin
            .request()
            .header("HX-Request", "true")
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", csrf)
            .formParams(formMap(fields))
            .post("/console/onboard/existing/test")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(fragment).contains("id=\"clashes\"", "categories").doesNotContain("<html");

    admin
        .post("/console/onboard/existing", csrf, fields)
        .then()
        .statusCode(409)
        .body(containsString("nothing was saved"))
        .body(containsString("categories"))
        .body(not(containsString(password)));
    assertThat(admin.get("/console/stores?q=" + slug).then().statusCode(200).extract().asString())
        .contains("id=\"store-count\">0 stores");
  }

  @Test
  void aCleanMysqlDatabaseIsConnectedAndProvisioned() {
    TestDatabase db = TestDatabases.mysql().createDatabase("console_conn");
    databases.add(db);
    String slug = "conn-" + UUID.randomUUID().toString().substring(0, 8);
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/onboard/existing");
    String tested =
        admin
            .post("/console/onboard/existing/test", csrf, existing(db, slug, db.password()))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(tested).contains("nothing clashes").containsAnyOf("MySQL", "MariaDB");
    Response connected =
        admin.post("/console/onboard/existing", csrf, existing(db, slug, db.password()));
    assertThat(connected.statusCode()).as(connected.asString()).isEqualTo(303);
    String jobId = connected.header("Location").replaceAll(".*/console/jobs/", "");
    JsonPath done = JobPolling.awaitEnd(jobId, status -> {});
    assertThat(done.getString("status")).isEqualTo("succeeded");
  }

  @Test
  void aConnectionThatFailsOrBreaksARuleIsShownWithItsStatus() {
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/onboard/existing");
    String test = "/console/onboard/existing/test";
    admin
        .post(test, csrf, login("postgresql", "1", "secret-never-shown"))
        .then()
        .statusCode(503)
        .body(containsString("Could not check the connection"))
        .body(not(containsString("secret-never-shown")));
    admin
        .post(test, csrf, login("oracle", "1521", ""))
        .then()
        .statusCode(400)
        .body(containsString("Choose PostgreSQL or MySQL"));
    admin
        .post(test, csrf, login("mysql", "70000", ""))
        .then()
        .statusCode(400)
        .body(containsString("The port must be"));
    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    viewer
        .post(test, viewer.csrf("/console"), login("postgresql", "5432", ""))
        .then()
        .statusCode(403);
  }

  /** A login on 127.0.0.1 to a database nobody has. */
  private static Object[] login(String engine, String port, String password) {
    return new Object[] {
      "engine",
      engine,
      "host",
      "127.0.0.1",
      "port",
      port,
      "database",
      "nothing",
      "username",
      "nobody",
      "password",
      password
    };
  }

  @Test
  void serversAreRegisteredWithoutEchoingThePasswordAndDrained() {
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/servers");
    String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "admin-pw-" + UUID.randomUUID();
    String port = String.valueOf(ThreadLocalRandom.current().nextInt(20_000, 60_000));
    admin
        .post(
            "/console/servers",
            csrf,
            "name",
            name,
            "engine",
            "postgresql",
            "host",
            "127.0.0.1",
            "port",
            "0",
            "adminUsername",
            "postgres",
            "adminPassword",
            password,
            "maxStores",
            "3")
        .then()
        .statusCode(400)
        .body(containsString("The port must be"))
        .body(containsString(name))
        .body(not(containsString(password)));
    Object[] server = {
      "name",
      name,
      "engine",
      "postgresql",
      "host",
      "127.0.0.1",
      "port",
      port,
      "adminUsername",
      "postgres",
      "adminPassword",
      password,
      "maxStores",
      "3"
    };
    admin.post("/console/servers", csrf, server).then().statusCode(303);
    admin.post("/console/servers", csrf, server).then().statusCode(409);
    String id =
        asAdmin()
            .get("/api/v1/database-servers")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("find { it.name == '" + name + "' }.id");
    admin.post("/console/servers/" + id + "/drain", csrf).then().statusCode(303);
    asAdmin().get("/api/v1/database-servers/" + id).then().body("status", equalTo("draining"));
    String page = admin.get("/console/servers").then().statusCode(200).extract().asString();
    assertThat(page).contains(name, "draining", "0 of 3 databases").doesNotContain(password);
    admin.post("/console/servers/" + UUID.randomUUID() + "/drain", csrf).then().statusCode(404);

    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    assertThat(viewer.get("/console/servers").then().statusCode(200).extract().asString())
        .contains(name)
        .doesNotContain("Register a server")
        .doesNotContain("/drain");
    viewer.post("/console/servers", viewer.csrf("/console"), server).then().statusCode(403);
  }

  @Test
  void theAuditLogFiltersByStoreActionAndTime() {
    String storeId = TestCallers.newStore();
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/stores/" + storeId);
    admin.post("/console/stores/" + storeId + "/suspend", csrf).then().statusCode(303);
    admin.post("/console/stores/" + storeId + "/resume", csrf).then().statusCode(303);

    String suspends =
        admin
            .get("/console/audit?store=" + storeId + "&action=store.suspend")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(rows(suspends)).isEqualTo(1);
    assertThat(suspends).contains("store.suspend", "via: console").doesNotContain("store.resume");
    String all =
        admin.get("/console/audit?store=" + storeId).then().statusCode(200).extract().asString();
    assertThat(all).contains("store.suspend", "store.resume", "store.create");
    assertThat(
            admin
                .get(
                    "/console/audit?store="
                        + storeId
                        + "&from=2000-01-01T00:00&to=2000-01-02T00:00")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .contains("No audit entry matches");
    admin.get("/console/audit?from=yesterday").then().statusCode(400);
    admin.get("/console/audit?store=acme").then().statusCode(400);
    // The store's own page shows its trail.
    assertThat(admin.get("/console/stores/" + storeId).then().extract().asString())
        .contains("Audit trail", "store.resume");

    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    viewer.get("/console/audit").then().statusCode(403);
    assertThat(viewer.get("/console/stores/" + storeId).then().extract().asString())
        .doesNotContain("Audit trail");
  }

  @Test
  void aStoreIsDeletedOnlyWithItsSlugAndRefusalsHaveTheirKindsStatus() {
    String storeId = TestCallers.newStore();
    String slug = asAdmin().get("/api/v1/stores/" + storeId).then().extract().path("slug");
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/stores/" + storeId);
    admin
        .post("/console/stores/" + storeId + "/delete", csrf, "confirm", "not-" + slug)
        .then()
        .statusCode(400)
        .body(containsString("Type the store&#39;s slug"));
    asAdmin().get("/api/v1/stores/" + storeId).then().body("status", equalTo("active"));
    admin
        .post("/console/stores/" + storeId + "/delete", csrf, "confirm", slug)
        .then()
        .statusCode(303);
    asAdmin().get("/api/v1/stores/" + storeId).then().body("status", equalTo("deleted"));
    // A service's conflict is a 409 (a deleted store cannot be suspended)...
    admin.post("/console/stores/" + storeId + "/suspend", csrf).then().statusCode(409);
    // ... an invalid request a 400 (a plan not on offer)...
    admin
        .post(
            "/console/onboard",
            csrf,
            "name",
            "No plan",
            "slug",
            "np-" + UUID.randomUUID().toString().substring(0, 8),
            "plan",
            "no-such-plan",
            "database",
            "managed-postgresql",
            "region",
            "")
        .then()
        .statusCode(400)
        .body(containsString("not on offer"));
    // ... and something the service cannot find a 404.
    admin.post("/console/jobs/" + UUID.randomUUID() + "/retry", csrf).then().statusCode(404);
  }

  @Test
  void aFailedProvisioningJobIsRetried() {
    JsonPath store = TestCallers.newStore("Retry me", "retry", DatabaseOptions.unreachable());
    String failed = store.getString("provisioningJobId");
    assertThat(JobPolling.awaitEnd(failed, status -> {}).getString("status")).isEqualTo("failed");
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    assertThat(admin.get("/console/jobs/" + failed).then().statusCode(200).extract().asString())
        .contains("Retry job");
    String csrf = admin.csrf("/console/jobs/" + failed);
    Response retried = admin.post("/console/jobs/" + failed + "/retry", csrf);
    assertThat(retried.statusCode()).as(retried.asString()).isEqualTo(303);
    String next = retried.header("Location").replaceAll(".*/console/jobs/", "");
    assertThat(next).isNotEqualTo(failed);
    asAdmin()
        .get("/api/v1/stores/" + store.getString("id"))
        .then()
        .body("provisioningJobId", equalTo(next));
    assertThat(JobPolling.awaitEnd(next, status -> {}).getString("status")).isEqualTo("failed");
    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    viewer
        .post("/console/jobs/" + failed + "/retry", viewer.csrf("/console"))
        .then()
        .statusCode(403);
  }

  @Test
  void aRolloutIsListedFollowedAndSteeredByRole() throws Exception {
    TestDatabase db = TestDatabases.postgres().createDatabase("console_roll");
    databases.add(db);
    JsonPath created = FleetStores.connectedAt(db, 3, master, "Rollout store", "roll");
    String storeId = created.getString("id");
    String slug = created.getString("slug");
    // A canary of the one store, then an hour's soak: the rollout runs until it is steered.
    String id =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                FleetStores.request(
                    List.of(storeId), Map.of("count", 1, "soak", "PT1H"), FleetStores.wave(100, 1)))
            .post("/api/v1/rollouts")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> asAdmin().get("/api/v1/rollouts/" + id).then().extract().jsonPath(),
            r -> r.getInt("counts.applied") == 1 && r.getInt("phase") == 1);

    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    assertThat(admin.get("/console").then().statusCode(200).extract().asString())
        .contains("href=\"/console/rollouts\"");
    assertThat(admin.get("/console/rollouts").then().statusCode(200).extract().asString())
        .contains("/console/rollouts/" + id, "running", "1 of 1 applied or skipped", "Start a");
    String page = admin.get("/console/rollouts/" + id).then().statusCode(200).extract().asString();
    assertThat(page)
        .contains("Canary", "Wave 1", "soak 1 h", slug, "applied", "left")
        .contains("sse-connect=\"/console/rollouts/" + id + "/events?page=0\"")
        .contains("/pause", "/cancel", "role=\"progressbar\"")
        .doesNotContain("/resume", "/retry-failed");
    admin.get("/console/rollouts/" + id + "/panel").then().statusCode(200);

    // A viewer reads the pages, sees no action and is refused a forged one.
    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    assertThat(viewer.get("/console/rollouts").then().statusCode(200).extract().asString())
        .contains(id)
        .doesNotContain("Start a rollout");
    assertThat(viewer.get("/console/rollouts/" + id).then().statusCode(200).extract().asString())
        .contains(slug)
        .doesNotContain("/pause", "/cancel");
    String viewerCsrf = viewer.csrf("/console/rollouts/" + id);
    viewer.post("/console/rollouts/" + id + "/pause", viewerCsrf).then().statusCode(403);
    viewer.post("/console/rollouts/" + id + "/cancel", viewerCsrf).then().statusCode(403);
    // A post without the session's CSRF token is refused, nothing changes.
    admin.post("/console/rollouts/" + id + "/pause", "forged").then().statusCode(403);
    asAdmin().get("/api/v1/rollouts/" + id).then().body("state", equalTo("running"));

    String csrf = admin.csrf("/console/rollouts/" + id);
    admin.post("/console/rollouts/" + id + "/pause", csrf).then().statusCode(303);
    asAdmin().get("/api/v1/rollouts/" + id).then().body("state", equalTo("paused"));
    assertThat(admin.get("/console/rollouts/" + id).then().extract().asString())
        .contains("Paused by ", "/resume")
        .doesNotContain("/pause\"");
    admin.post("/console/rollouts/" + id + "/pause", csrf).then().statusCode(409);
    admin.post("/console/rollouts/" + id + "/retry-failed", csrf).then().statusCode(409);
    admin.post("/console/rollouts/" + id + "/resume", csrf).then().statusCode(303);
    asAdmin().get("/api/v1/rollouts/" + id).then().body("state", equalTo("running"));
    admin.post("/console/rollouts/" + id + "/cancel", csrf).then().statusCode(303);
    asAdmin().get("/api/v1/rollouts/" + id).then().body("state", equalTo("cancelled"));

    // Ended: the panel stops htmx's polling and the stream sends the panel, then done.
    admin.get("/console/rollouts/" + id + "/panel").then().statusCode(286);
    String stream =
        admin
            .request()
            .accept("text/event-stream")
            .get("/console/rollouts/" + id + "/events")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(stream)
        .containsPattern("event: ?rollout")
        .containsPattern("event: ?done")
        .contains("id=\"rollout-state\"", "cancelled");
    assertThat(admin.get("/console/rollouts/" + id).then().extract().asString())
        .doesNotContain("sse-connect", "/cancel\"");
    admin.get("/console/rollouts/" + UUID.randomUUID()).then().statusCode(404);
    admin.get("/console/rollouts/not-an-id").then().statusCode(404);
    admin.post("/console/rollouts/" + UUID.randomUUID() + "/pause", csrf).then().statusCode(404);
    admin.get("/console/rollouts?page=-1").then().statusCode(400);
    assertThat(admin.get("/console/audit?action=rollout.pause").then().extract().asString())
        .contains("rollout.pause", "via: console");
  }

  @Test
  void aRolloutIsStartedFromTheFormAfterItsPreflight() throws Exception {
    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    viewer.get("/console/rollouts/new").then().statusCode(403);
    viewer
        .post("/console/rollouts/new", viewer.csrf("/console"), "targetVersion", "4")
        .then()
        .statusCode(403);

    TestDatabase db = TestDatabases.postgres().createDatabase("console_rform");
    databases.add(db);
    JsonPath created = FleetStores.connectedAt(db, 3, master, "Form store", "rform");
    String storeId = created.getString("id");
    String slug = created.getString("slug");

    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    assertThat(admin.get("/console/rollouts/new").then().statusCode(200).extract().asString())
        .contains("for=\"rollout-version\"", "for=\"wave-percent-1\"", "Run preflight");
    String csrf = admin.csrf("/console/rollouts/new");
    // Fields that cannot be read come back with a sentence each and what was typed.
    admin
        .post(
            "/console/rollouts/new",
            csrf,
            form(slug + " no-such-store-xyz", "abc", "50", "1", "7", "pause"))
        .then()
        .statusCode(400)
        .body(containsString("No store has the slug or id no-such-store-xyz"))
        .body(containsString("The canary is a number of stores"))
        .body(containsString("no-such-store-xyz"));
    // A plan the fleet refuses comes back beside the field it names: the last wave is not 100.
    admin
        .post("/console/rollouts/new", csrf, form(slug, "1", "50", "1", "0", "pause"))
        .then()
        .statusCode(400)
        .body(containsString("the last wave&#39;s percent must be 100"))
        .body(containsString("id=\"rollout-waves-error\""));
    // The console places it by the field the refusal names, as the REST API's problem names it.
    JsonPath problem =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(FleetStores.request(List.of(storeId), null, FleetStores.wave(50, 1)))
            .post("/api/v1/rollouts")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath();
    assertThat(problem.getList("errors.field")).as(problem.prettify()).containsExactly("waves");
    assertThat(problem.getList("errors.message"))
        .containsExactly("the last wave's percent must be 100");
    assertThat(problem.getString("detail")).endsWith("must be 100, not 50");
    admin
        .post("/console/rollouts/new", csrf, form(slug, "1", "100", "1", "0", "sometimes"))
        .then()
        .statusCode(400)
        .body(containsString("Choose pause or continue"));

    // The preflight shows each store's report and starts nothing.
    String report =
        admin
            .post(
                "/console/rollouts/new/preflight", csrf, form(slug, "1", "100", "1", "0", "pause"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(report).contains("id=\"preflight-clean\"", slug, "ready", "Nothing was started");
    // A store that is not clean shows what blocks it as the fleet words it.
    TestDatabase drifted = TestDatabases.postgres().createDatabase("console_rdrift");
    databases.add(drifted);
    String driftedSlug =
        FleetStores.connectedAt(drifted, 3, master, "Drifted store", "rdrift").getString("slug");
    try (Connection c = drifted.connect();
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE categories DROP COLUMN description");
    }
    String blocked =
        admin
            .post(
                "/console/rollouts/new/preflight",
                csrf,
                form(driftedSlug, "1", "100", "1", "0", "pause"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(blocked)
        .contains(driftedSlug, "blocked", "drifted from version 3, 1 difference")
        .doesNotContain("id=\"preflight-clean\"");
    assertThat(
            asAdmin()
                .get("/api/v1/rollouts?size=200")
                .then()
                .extract()
                .jsonPath()
                .getList("items.selector.storeIds.flatten()"))
        .doesNotContain(storeId);

    Response started =
        admin.post("/console/rollouts/new", csrf, form(slug, "1", "100", "1", "0", "pause"));
    assertThat(started.statusCode()).as(started.asString()).isEqualTo(303);
    String id = started.header("Location").replaceAll(".*/console/rollouts/", "");
    JsonPath rollout = asAdmin().get("/api/v1/rollouts/" + id).then().extract().jsonPath();
    assertThat(rollout.getInt("targetVersion")).isEqualTo(4);
    assertThat(rollout.getList("selector.storeIds")).containsExactly(storeId);
    assertThat(rollout.getString("createdBy")).isNotBlank();
    admin.post("/console/rollouts/" + id + "/cancel", csrf).then().statusCode(303);
    assertThat(admin.get("/console/audit?action=rollout.start").then().extract().asString())
        .contains("rollout.start", "via: console");
  }

  /** The rollout form over {@code stores}: one canary store, an hour's soak, one wave. */
  private static Object[] form(
      String stores, String canary, String percent, String parallelism, String rate, String then) {
    return new Object[] {
      "targetVersion",
      "4",
      "stores",
      stores,
      "canaryCount",
      canary,
      "canarySoak",
      "60",
      "wavePercent",
      percent,
      "waveParallelism",
      parallelism,
      "maxFailureRate",
      rate,
      "onFailure",
      then,
      "requireCleanPreflight",
      "true"
    };
  }

  private static int rows(String page) {
    return page.split("class=\"audit-row\"", -1).length - 1;
  }

  private static Object[] existing(TestDatabase db, String slug, String password) {
    return new Object[] {
      "name",
      "Existing " + slug,
      "slug",
      slug,
      "plan",
      "free",
      "engine",
      db.server().engine().name().equals("POSTGRESQL") ? "postgresql" : "mysql",
      "host",
      db.server().host(),
      "port",
      String.valueOf(db.server().port()),
      "database",
      db.name(),
      "username",
      db.username(),
      "password",
      password
    };
  }

  private static java.util.Map<String, Object> formMap(Object[] fields) {
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      map.put((String) fields[i], fields[i + 1]);
    }
    return map;
  }
}
