package io.storeplane.provisioning.supabase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.supabase.SupabaseTestSupport.RecordingSleeper;
import io.storeplane.provisioning.supabase.management.CreateProjectRequest;
import io.storeplane.provisioning.supabase.management.Project;
import io.storeplane.provisioning.supabase.management.ProjectWaiter;
import io.storeplane.provisioning.supabase.management.SupabaseManagement;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import io.storeplane.provisioning.supabase.rest.PostgrestFilter;
import io.storeplane.provisioning.supabase.rest.PostgrestOrder;
import io.storeplane.provisioning.supabase.rest.PostgrestPage;
import io.storeplane.provisioning.supabase.rest.Query;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import io.storeplane.testing.time.SettableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract tests: pin the exact requests Storeplane sends to Supabase (method, path, query,
 * headers, body) and how the documented answers, errors included, are understood. WireMock plays
 * Supabase with the shapes of /work/shared/reference/supabase.md.
 */
@QuarkusTest
@QuarkusTestResource(io.storeplane.testing.db.MasterDatabaseTestResource.class)
@TestProfile(SupabaseTestProfile.class)
class SupabaseContractTest {

  private static final String TOKEN = "sbp_0123456789abcdef0123456789abcdef01234567";
  private static final String REF = "abcdefghijklmnopqrst";
  private static final String SECRET_KEY = "sb_secret_AbCdEfGhIjKlMnOpQrStUv";
  private static final String JWT_KEY = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2ln";
  private static final String PROJECT =
      """
      {"id":"abcdefghijklmnopqrst","ref":"abcdefghijklmnopqrst","organization_id":"tsrqponmlkjihgfedcba",
       "organization_slug":"tsrqponmlkjihgfedcba","name":"acme-store-42","region":"eu-central-1",
       "created_at":"2026-01-01T00:00:00.000Z","status":"%s",
       "database":{"host":"db.abcdefghijklmnopqrst.supabase.co","version":"17.4.1.074",
                   "postgres_engine":"17","release_channel":"ga"}}""";

  private static final WireMockServer wiremock = SupabaseTestSupport.wiremock();
  private SettableClock clock;
  private RecordingSleeper sleeper;
  private SupabaseClients clients;
  private SupabaseManagement management;

  @BeforeEach
  void reset() {
    wiremock.resetAll();
    clock = new SettableClock();
    sleeper = new RecordingSleeper(clock);
    clients = SupabaseClients.create(SupabaseTestSupport.settings(base(), 1000), sleeper);
    management = clients.management(SecretString.of(TOKEN));
  }

  @Test
  void createProjectSendsTheDocumentedBody() {
    wiremock.stubFor(
        post("/v1/projects")
            .willReturn(
                json(
                    201,
                    PROJECT
                        .formatted("COMING_UP")
                        .replace(
                            ",\n       \"database\":{\"host\":\"db.abcdefghijklmnopqrst.supabase.co\",\"version\":\"17.4.1.074\",\n                   \"postgres_engine\":\"17\",\"release_channel\":\"ga\"}",
                            ""))));
    Project project =
        management.createProject(
            new CreateProjectRequest(
                "acme-store-42",
                SecretString.of("s3cret-Passw0rd!"),
                "tsrqponmlkjihgfedcba",
                Optional.of("eu-central-1"),
                Optional.empty()));
    assertThat(project.ref()).isEqualTo(REF);
    assertThat(project.rawStatus()).isEqualTo("COMING_UP");
    wiremock.verify(
        1,
        postRequestedFor(urlEqualTo("/v1/projects"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Content-Type", containing("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"name":"acme-store-42","db_pass":"s3cret-Passw0rd!",
                     "organization_slug":"tsrqponmlkjihgfedcba",
                     "region_selection":{"type":"specific","code":"eu-central-1"}}""")));
  }

  @Test
  void projectsNamedPagesThroughTheOrganizationsListBySearchAndKeepsExactNames() {
    String org = "tsrqponmlkjihgfedcba";
    String name = "acme-store-1a2b3c4d";
    String path = "/v1/organizations/" + org + "/projects";
    StringBuilder full = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      full.append(i == 0 ? "" : ",")
          .append(orgProject(refOf(i), i == 42 ? name : name + "-copy", "ACTIVE_HEALTHY"));
    }
    wiremock.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("offset", equalTo("0"))
            .willReturn(
                json(
                    200,
                    "{\"projects\":["
                        + full
                        + "],\"pagination\":{\"count\":101,\"limit\":100,\"offset\":0}}")));
    wiremock.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("offset", equalTo("100"))
            .willReturn(
                json(
                    200,
                    "{\"projects\":["
                        + orgProject(refOf(100), name, "GOING_DOWN")
                        + "],\"pagination\":{\"count\":101,\"limit\":100,\"offset\":100}}")));

    List<Project> found = management.projectsNamed(org, name);

    assertThat(found).extracting(Project::ref).containsExactly(refOf(42), refOf(100));
    assertThat(found.get(0).organizationSlug()).isEqualTo(org);
    assertThat(found.get(0).createdAt()).isEqualTo("2026-01-01T00:00:00.000Z");
    assertThat(found.get(0).region()).isEqualTo("eu-central-1");
    assertThat(found.get(1).status().removed()).isTrue();
    for (String offset : List.of("0", "100")) {
      wiremock.verify(
          1,
          getRequestedFor(urlPathEqualTo(path))
              .withHeader("Authorization", equalTo("Bearer " + TOKEN))
              .withQueryParam("offset", equalTo(offset))
              .withQueryParam("limit", equalTo("100"))
              .withQueryParam("search", equalTo(name)));
    }
  }

  @Test
  void anOrganizationsListInAnotherShapeIsAnInvalidResponse() {
    wiremock.stubFor(
        get(urlPathEqualTo("/v1/organizations/acme/projects"))
            .willReturn(json(200, "[" + orgProject(REF, "x", "ACTIVE_HEALTHY") + "]")));
    SupabaseException e =
        catchThrowableOfType(SupabaseException.class, () -> management.projectsNamed("acme", "x"));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_INVALID_RESPONSE);
  }

  /** An entry of the organization's project list, in the reference's shape. */
  private static String orgProject(String ref, String name, String status) {
    return """
        {"ref":"%s","name":"%s","cloud_provider":"AWS","region":"eu-central-1","is_branch":false,
         "status":"%s","inserted_at":"2026-01-01T00:00:00.000Z","databases":[]}"""
        .formatted(ref, name, status);
  }

  /** A distinct 20-letter ref for {@code i}. */
  private static String refOf(int i) {
    return "abcdefghijklmnopq"
        + (char) ('a' + i / 676 % 26)
        + (char) ('a' + i / 26 % 26)
        + (char) ('a' + i % 26);
  }

  @Test
  void healthAskesForRepeatedServicesAndKeysAreRevealed() {
    wiremock.stubFor(
        get("/v1/projects/" + REF).willReturn(json(200, PROJECT.formatted("ACTIVE_HEALTHY"))));
    wiremock.stubFor(
        get("/v1/projects/" + REF + "/health?services=db&services=rest")
            .willReturn(
                json(
                    200,
                    "[{\"name\":\"db\",\"healthy\":true,\"status\":\"ACTIVE_HEALTHY\"},"
                        + "{\"name\":\"rest\",\"healthy\":true,\"status\":\"ACTIVE_HEALTHY\"}]")));
    wiremock.stubFor(
        get("/v1/projects/" + REF + "/api-keys?reveal=true")
            .willReturn(
                json(
                    200,
                    "[{\"name\":\"anon\",\"api_key\":\"eyJanon\",\"type\":\"legacy\"},"
                        + "{\"name\":\"service_role\",\"api_key\":\"eyJservice\",\"type\":\"legacy\"},"
                        + "{\"name\":\"default\",\"api_key\":\"sb_publishable_x\",\"type\":\"publishable\",\"id\":\"1\"},"
                        + "{\"name\":\"default\",\"api_key\":\""
                        + SECRET_KEY
                        + "\",\"type\":\"secret\",\"id\":\"2\",\"secret_jwt_template\":{\"role\":\"service_role\"}}]")));

    assertThat(management.readiness(REF).ready()).isTrue();
    assertThat(management.serviceRoleKey(REF).reveal()).isEqualTo(SECRET_KEY);
    wiremock.verify(
        getRequestedFor(urlEqualTo("/v1/projects/" + REF + "/health?services=db&services=rest"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void legacyServiceRoleKeyIsTheFallback() {
    wiremock.stubFor(
        get("/v1/projects/" + REF + "/api-keys?reveal=true")
            .willReturn(
                json(
                    200,
                    "[{\"name\":\"anon\",\"api_key\":\"eyJanon\",\"type\":\"legacy\"},"
                        + "{\"name\":\"service_role\",\"api_key\":\"eyJservice\",\"type\":\"legacy\"}]")));
    assertThat(management.serviceRoleKey(REF).reveal()).isEqualTo("eyJservice");
  }

  @Test
  void invalidTokenIs401UnauthorizedWithoutTheTokenInTheMessage() {
    wiremock.stubFor(any(anyUrl()).willReturn(json(401, "{\"message\":\"Unauthorized\"}")));
    SupabaseException e =
        catchThrowableOfType(SupabaseException.class, () -> management.findProject(REF));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_UNAUTHORIZED);
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.getMessage()).contains("Unauthorized").doesNotContain(TOKEN);
    wiremock.verify(1, getRequestedFor(anyUrl()));
  }

  @Test
  void rateLimitedCallWaitsAsXRateLimitResetSaysThenSucceeds() {
    wiremock.stubFor(
        get("/v1/projects/" + REF)
            .inScenario("rate")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(rateLimited(3))
            .willSetStateTo("ok"));
    wiremock.stubFor(
        get("/v1/projects/" + REF)
            .inScenario("rate")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, PROJECT.formatted("ACTIVE_HEALTHY"))));
    assertThat(management.findProject(REF)).isPresent();
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3));
    wiremock.verify(2, getRequestedFor(urlEqualTo("/v1/projects/" + REF)));
  }

  @Test
  void rateLimitedCallGivesUpAfterTheAttemptsOrAWaitTooLong() {
    wiremock.stubFor(get("/v1/projects/" + REF).willReturn(rateLimited(1)));
    SupabaseException e =
        catchThrowableOfType(SupabaseException.class, () -> management.findProject(REF));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_RATE_LIMITED);
    assertThat(e.getMessage()).contains("after 4 attempts");
    assertThat(sleeper.waits())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    wiremock.verify(4, getRequestedFor(urlEqualTo("/v1/projects/" + REF)));

    wiremock.resetAll();
    wiremock.stubFor(get("/v1/projects/" + REF).willReturn(rateLimited(600)));
    SupabaseException tooLong =
        catchThrowableOfType(SupabaseException.class, () -> management.findProject(REF));
    assertThat(tooLong.retryAfter()).hasValue(Duration.ofSeconds(600));
    wiremock.verify(1, getRequestedFor(urlEqualTo("/v1/projects/" + REF)));
  }

  @Test
  void serverErrorsAreRetriedForReadsButNeverForProjectCreation() {
    wiremock.stubFor(
        get("/v1/projects/" + REF)
            .inScenario("5xx")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(500, "{\"message\":\"Failed to retrieve project\"}"))
            .willSetStateTo("ok"));
    wiremock.stubFor(
        get("/v1/projects/" + REF)
            .inScenario("5xx")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, PROJECT.formatted("ACTIVE_HEALTHY"))));
    assertThat(management.findProject(REF)).isPresent();
    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(100));

    wiremock.stubFor(
        post("/v1/projects").willReturn(json(500, "{\"message\":\"Internal error\"}")));
    SupabaseException e =
        catchThrowableOfType(
            SupabaseException.class,
            () ->
                management.createProject(
                    new CreateProjectRequest(
                        "acme",
                        SecretString.of("pw-pw-pw-pw"),
                        "org",
                        Optional.empty(),
                        Optional.empty())));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_UNAVAILABLE);
    wiremock.verify(1, postRequestedFor(urlEqualTo("/v1/projects")));
  }

  @Test
  void runSqlSendsTheQueryAcceptsAny2xxAndTypesTheSqlError() {
    wiremock.stubFor(
        post("/v1/projects/" + REF + "/database/query")
            .withRequestBody(equalToJson("{\"query\":\"select 1 as one\"}"))
            .willReturn(json(200, "[{\"one\":1}]")));
    wiremock.stubFor(
        post("/v1/projects/" + REF + "/database/query")
            .withRequestBody(equalToJson("{\"query\":\"BEGIN; oops\"}"))
            .willReturn(
                json(
                    400,
                    "{\"message\":\"Failed to run sql query: ERROR:  42601: syntax error at or near \\\"oops\\\"\\nLINE 1: BEGIN; oops\\n              ^\\n\"}")));
    assertThat(management.runSql(REF, "select 1 as one")).containsExactly(Map.of("one", 1));
    SupabaseException e =
        catchThrowableOfType(SupabaseException.class, () -> management.runSql(REF, "BEGIN; oops"));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_SQL_FAILED);
    assertThat(e.apiCode()).hasValue("42601");
    wiremock.verify(
        2,
        postRequestedFor(urlEqualTo("/v1/projects/" + REF + "/database/query"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Content-Type", containing("application/json")));
  }

  @Test
  void deleteProjectTreats404AsAlreadyGone() {
    wiremock.stubFor(
        delete("/v1/projects/" + REF)
            .willReturn(json(200, "{\"id\":1,\"ref\":\"" + REF + "\",\"name\":\"acme\"}")));
    assertThat(management.deleteProject(REF)).isTrue();
    wiremock.stubFor(
        delete("/v1/projects/" + REF).willReturn(json(404, "{\"message\":\"Project not found\"}")));
    assertThat(management.deleteProject(REF)).isFalse();
    wiremock.verify(2, deleteRequestedFor(urlEqualTo("/v1/projects/" + REF)));
  }

  @Test
  void aProjectEndingInInitFailedFailsAtOnce() {
    wiremock.stubFor(
        get("/v1/projects/" + REF).willReturn(json(200, PROJECT.formatted("INIT_FAILED"))));
    SupabaseException e =
        catchThrowableOfType(
            SupabaseException.class,
            () ->
                new ProjectWaiter(clock, sleeper, Duration.ofSeconds(5), Duration.ofMinutes(5))
                    .awaitReady(management, REF, r -> {}));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_PROJECT_FAILED);
    assertThat(e.getMessage()).contains("INIT_FAILED");
    wiremock.verify(1, getRequestedFor(urlEqualTo("/v1/projects/" + REF)));
  }

  @Test
  void aProjectStayingComingUpPastTheTimeoutTimesOut() {
    wiremock.stubFor(
        get("/v1/projects/" + REF).willReturn(json(200, PROJECT.formatted("COMING_UP"))));
    SupabaseException e =
        catchThrowableOfType(
            SupabaseException.class,
            () ->
                new ProjectWaiter(clock, sleeper, Duration.ofSeconds(10), Duration.ofMinutes(1))
                    .awaitReady(management, REF, r -> {}));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_PROJECT_TIMEOUT);
    assertThat(e.getMessage()).contains("COMING_UP");
    wiremock.verify(6, getRequestedFor(urlEqualTo("/v1/projects/" + REF)));
    wiremock.verify(0, getRequestedFor(urlPathEqualTo("/v1/projects/" + REF + "/health")));
  }

  @Test
  void selectSendsFiltersOrderCountAndOnlyTheApikeyForNewKeys() {
    wiremock.stubFor(
        get(urlPathEqualTo("/rest/v1/products"))
            .willReturn(
                json(200, "[{\"id\":\"a\",\"title\":\"A\"},{\"id\":\"b\",\"title\":\"B\"}]")
                    .withHeader("Content-Range", "0-1/2")));
    PostgrestClient rest = clients.dataApi(base(), SecretString.of(SECRET_KEY));
    PostgrestPage page =
        rest.selectPage(
            "products",
            Query.all()
                .select("id", "title")
                .where(PostgrestFilter.eq("status", "active"))
                .where(PostgrestFilter.gte("price", new java.math.BigDecimal("10.50")))
                .where(PostgrestFilter.isNull("deleted_at").not())
                .orderBy(PostgrestOrder.desc("created_at").nullsFirst(false))
                .orderBy(PostgrestOrder.asc("id"))
                .limit(2)
                .offset(4)
                .withExactCount());
    assertThat(page.rows()).hasSize(2);
    assertThat(page.totalCount()).hasValue(2);
    wiremock.verify(
        getRequestedFor(
                urlEqualTo(
                    "/rest/v1/products?select=id%2Ctitle&status=eq.active&price=gte.10.50"
                        + "&deleted_at=not.is.null&order=created_at.desc.nullslast%2Cid.asc"
                        + "&limit=2&offset=4"))
            .withHeader("apikey", equalTo(SECRET_KEY))
            .withHeader("Authorization", absent())
            .withHeader("Prefer", equalTo("count=exact")));
  }

  @Test
  void reservedCharactersInValuesArriveAsMeant() {
    wiremock.stubFor(
        get(urlPathEqualTo("/rest/v1/products"))
            .willReturn(json(200, "[]").withHeader("Content-Range", "*/*")));
    PostgrestClient rest = clients.dataApi(base(), SecretString.of(JWT_KEY));
    rest.selectPage(
        "products",
        Query.all()
            .where(
                PostgrestFilter.in("title", List.of("a,b", "say \"hi\"", "50% & more+{x}#", "é")))
            .where(PostgrestFilter.like("slug", "summer 2026*")));
    wiremock.verify(
        getRequestedFor(urlPathEqualTo("/rest/v1/products"))
            .withQueryParam(
                "title", equalTo("in.(\"a,b\",\"say \\\"hi\\\"\",\"50% & more+{x}#\",\"é\")"))
            .withQueryParam("slug", equalTo("like.summer 2026*"))
            .withHeader("apikey", equalTo(JWT_KEY))
            .withHeader("Authorization", equalTo("Bearer " + JWT_KEY)));
  }

  @Test
  void insertAndUpdateSendJsonWithReturnRepresentation() {
    wiremock.stubFor(
        post("/rest/v1/products")
            .willReturn(json(201, "[{\"id\":\"a\",\"title\":\"A\",\"status\":\"draft\"}]")));
    wiremock.stubFor(
        WireMock.patch(urlPathEqualTo("/rest/v1/products"))
            .willReturn(json(200, "[{\"id\":\"a\",\"title\":\"B\"}]")));
    PostgrestClient rest = clients.dataApi(base(), SecretString.of(SECRET_KEY));
    assertThat(rest.insert("products", List.of(Map.of("id", "a", "title", "A")))).hasSize(1);
    assertThat(
            rest.update("products", List.of(PostgrestFilter.eq("id", "a")), Map.of("title", "B")))
        .hasSize(1);
    wiremock.verify(
        postRequestedFor(urlEqualTo("/rest/v1/products"))
            .withHeader("Prefer", equalTo("return=representation"))
            .withHeader("Content-Type", containing("application/json"))
            .withRequestBody(equalToJson("[{\"id\":\"a\",\"title\":\"A\"}]")));
    wiremock.verify(
        patchRequestedFor(urlEqualTo("/rest/v1/products?id=eq.a"))
            .withHeader("Prefer", equalTo("return=representation"))
            .withRequestBody(equalToJson("{\"title\":\"B\"}")));
  }

  @Test
  void postgrestErrorsAreTyped() {
    PostgrestClient rest = clients.dataApi(base(), SecretString.of(SECRET_KEY));
    wiremock.stubFor(
        get(urlPathEqualTo("/rest/v1/missing"))
            .willReturn(
                json(
                    404,
                    "{\"code\":\"PGRST205\",\"details\":null,\"hint\":\"Perhaps you meant the table 'public.products'\","
                        + "\"message\":\"Could not find the table 'public.missing' in the schema cache\"}")));
    wiremock.stubFor(
        get(urlPathEqualTo("/rest/v1/old"))
            .willReturn(
                json(
                    404,
                    "{\"code\":\"42P01\",\"details\":null,\"hint\":null,\"message\":\"relation \\\"public.old\\\" does not exist\"}")));
    wiremock.stubFor(
        get(urlPathEqualTo("/rest/v1/locked"))
            .willReturn(
                json(
                    401,
                    "{\"message\":\"Invalid API key\",\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}")));
    wiremock.stubFor(
        post("/rest/v1/products")
            .willReturn(
                json(
                    409,
                    "{\"code\":\"23505\",\"details\":\"Key (slug)=(a) already exists.\",\"hint\":null,"
                        + "\"message\":\"duplicate key value violates unique constraint \\\"uq_products_slug\\\"\"}")));

    SupabaseException missing =
        catchThrowableOfType(
            SupabaseException.class, () -> rest.selectPage("missing", Query.all()));
    assertThat(missing.code()).isEqualTo(ProvisioningError.SUPABASE_SCHEMA_MISSING);
    assertThat(missing.hint()).hasValue("Perhaps you meant the table 'public.products'");
    SupabaseException old =
        catchThrowableOfType(SupabaseException.class, () -> rest.selectPage("old", Query.all()));
    assertThat(old.code()).isEqualTo(ProvisioningError.SUPABASE_SCHEMA_MISSING);
    SupabaseException key =
        catchThrowableOfType(SupabaseException.class, () -> rest.selectPage("locked", Query.all()));
    assertThat(key.code()).isEqualTo(ProvisioningError.SUPABASE_UNAUTHORIZED);
    assertThat(key.getMessage()).contains("Invalid API key").doesNotContain(SECRET_KEY);
    SupabaseException conflict =
        catchThrowableOfType(
            SupabaseException.class,
            () -> rest.insert("products", List.of(Map.of("id", "x", "slug", "a"))));
    assertThat(conflict.code()).isEqualTo(ProvisioningError.SUPABASE_CONFLICT);
    assertThat(conflict.getMessage()).contains("Key (slug)=(a) already exists.");
    wiremock.verify(1, postRequestedFor(urlEqualTo("/rest/v1/products")));
    wiremock.verify(1, getRequestedFor(urlPathEqualTo("/rest/v1/missing")));
  }

  @Test
  void probeRetriesWhileTheSchemaCacheDoesNotKnowTheTable() {
    wiremock.stubFor(
        get(urlPathEqualTo("/rest/v1/products"))
            .inScenario("cache")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(
                    404,
                    "{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,"
                        + "\"message\":\"Could not find the table 'public.products' in the schema cache\"}"))
            .willSetStateTo("reloaded"));
    wiremock.stubFor(
        get(urlPathEqualTo("/rest/v1/products"))
            .inScenario("cache")
            .whenScenarioStateIs("reloaded")
            .willReturn(json(200, "[]").withHeader("Content-Range", "*/*")));
    PostgrestClient rest = clients.dataApi(base(), SecretString.of(SECRET_KEY));
    rest.probe("products", Duration.ofSeconds(5), Duration.ofMillis(500));
    wiremock.verify(2, getRequestedFor(urlEqualTo("/rest/v1/products?select=*&limit=1")));
    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void aTimeoutIsUnavailableAndNotRetried() {
    wiremock.stubFor(
        get("/v1/projects/" + REF)
            .willReturn(json(200, PROJECT.formatted("ACTIVE_HEALTHY")).withFixedDelay(1500)));
    SupabaseClients.Settings quick =
        new SupabaseClients.Settings(
            base(),
            Duration.ofSeconds(1),
            Duration.ofMillis(300),
            CallRetryPolicy.DEFAULT,
            1000,
            true);
    SupabaseManagement impatient =
        SupabaseClients.create(quick, sleeper).management(SecretString.of(TOKEN));
    SupabaseException e =
        catchThrowableOfType(SupabaseException.class, () -> impatient.findProject(REF));
    assertThat(e.code()).isEqualTo(ProvisioningError.SUPABASE_UNAVAILABLE);
    assertThat(e.httpStatus()).isZero();
    wiremock.verify(1, getRequestedFor(urlEqualTo("/v1/projects/" + REF)));
  }

  @Test
  void projectUrlsMustBeHttpsUnlessAllowedAndPassTheGuard() {
    SupabaseClients strict =
        SupabaseClients.create(
            new SupabaseClients.Settings(
                base(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                CallRetryPolicy.DEFAULT,
                1000,
                false),
            sleeper);
    SupabaseException http =
        catchThrowableOfType(
            SupabaseException.class, () -> strict.dataApi(base(), SecretString.of(SECRET_KEY)));
    assertThat(http.code()).isEqualTo(ProvisioningError.SUPABASE_INVALID_PROJECT_URL);
    assertThat(
            catchThrowableOfType(
                io.storeplane.provisioning.guard.OutboundConnectionDeniedException.class,
                () ->
                    strict.dataApi(
                        URI.create("https://169.254.169.254"), SecretString.of(SECRET_KEY))))
        .isNotNull();
  }

  private static URI base() {
    return URI.create("http://127.0.0.1:" + wiremock.port());
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("X-RateLimit-Limit", "120")
        .withHeader("X-RateLimit-Remaining", "119")
        .withHeader("X-RateLimit-Reset", "60")
        .withBody(body);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder rateLimited(
      int resetSeconds) {
    return aResponse()
        .withStatus(429)
        .withHeader("Content-Type", "application/json")
        .withHeader("X-RateLimit-Limit", "120")
        .withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", Integer.toString(resetSeconds))
        .withBody("{\"message\":\"Rate limit exceeded\"}");
  }
}
