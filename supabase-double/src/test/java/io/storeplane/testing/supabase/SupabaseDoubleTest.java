package io.storeplane.testing.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storeplane.testing.db.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SupabaseDoubleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static SupabaseDouble supabase;

  @BeforeAll
  static void start() {
    supabase = SupabaseDouble.start(TestDatabases.postgres());
  }

  @AfterAll
  static void stop() {
    supabase.close();
  }

  @Test
  void managementApiRejectsAWrongTokenWithTheDocumentedBodyAndRateLimitHeaders() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/v1/organizations"))
                .header("Authorization", "Bearer sbp_" + "0".repeat(40))
                .GET());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("Unauthorized");
    assertThat(response.headers().firstValue("X-RateLimit-Limit")).contains("120");
    assertThat(response.headers().firstValue("X-RateLimit-Reset")).isPresent();
  }

  @Test
  void injectedRateLimitAnswers429WithResetHeader() throws Exception {
    supabase.rateLimitNext(1, 7);
    HttpResponse<String> limited = send(management("/v1/organizations").GET());
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    assertThat(limited.headers().firstValue("X-RateLimit-Reset")).contains("7");
    assertThat(send(management("/v1/organizations").GET()).statusCode()).isEqualTo(200);
  }

  @Test
  void projectComesUpRunsSqlServesPostgrestAndIsDroppedOnDelete() throws Exception {
    supabase.nextProjects(ProjectScript.healthyAfter(2));
    HttpResponse<String> created =
        send(
            management("/v1/projects")
                .POST(
                    body(
                        "{\"name\":\"acme\",\"db_pass\":\"pw-123456789012\",\"organization_slug\":\""
                            + supabase.organizationSlug()
                            + "\",\"region_selection\":{\"type\":\"specific\",\"code\":\"eu-central-1\"}}")));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode project = JSON.readTree(created.body());
    String ref = project.get("ref").asText();
    assertThat(ref).matches("[a-z]{20}");
    assertThat(project.get("status").asText()).isEqualTo("COMING_UP");

    assertThat(status(ref)).isEqualTo("COMING_UP");
    assertThat(status(ref)).isEqualTo("COMING_UP");
    assertThat(status(ref)).isEqualTo("ACTIVE_HEALTHY");
    JsonNode health =
        JSON.readTree(
            send(management("/v1/projects/" + ref + "/health?services=db&services=rest").GET())
                .body());
    assertThat(health).hasSize(2);
    assertThat(health.get(1).get("name").asText()).isEqualTo("rest");
    assertThat(health.get(1).get("status").asText()).isEqualTo("ACTIVE_HEALTHY");

    HttpResponse<String> sqlError = runSql(ref, "select * from nope");
    assertThat(sqlError.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(sqlError.body()).get("message").asText())
        .startsWith("Failed to run sql query: ERROR:  42P01: relation \"nope\" does not exist");

    HttpResponse<String> ddl =
        runSql(
            ref,
            "create table items (id int primary key, name text not null, price numeric(10,2));"
                + " grant select, insert, update, delete on items to service_role;"
                + " alter table items enable row level security;"
                + " notify pgrst, 'reload schema';");
    assertThat(ddl.statusCode()).isEqualTo(201);
    assertThat(ddl.body()).isEqualTo("[]");
    HttpResponse<String> select = runSql(ref, "select 1 as one, 'x' as two");
    assertThat(select.statusCode()).isEqualTo(200);
    assertThat(select.body()).isEqualTo("[{\"one\":1,\"two\":\"x\"}]");

    JsonNode keys =
        JSON.readTree(
            send(management("/v1/projects/" + ref + "/api-keys?reveal=true").GET()).body());
    String secret = keys.get(3).get("api_key").asText();
    String serviceJwt = keys.get(1).get("api_key").asText();
    assertThat(secret).startsWith("sb_secret_");
    assertThat(serviceJwt).startsWith("eyJ");

    HttpResponse<String> inserted =
        send(
            rest(ref, "/items", secret)
                .header("Prefer", "return=representation")
                .POST(
                    body("[{\"id\":1,\"name\":\"a,b\",\"price\":9.5},{\"id\":2,\"name\":\"c\"}]")));
    assertThat(inserted.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(inserted.body())).hasSize(2);

    HttpResponse<String> filtered =
        send(
            rest(
                    ref,
                    "/items?select=id,name&name=in."
                        + URLEncoder.encode("(\"a,b\",x)", StandardCharsets.UTF_8)
                        + "&order=id.desc",
                    secret)
                .header("Prefer", "count=exact")
                .GET());
    assertThat(filtered.statusCode()).isEqualTo(200);
    assertThat(filtered.body()).isEqualTo("[{\"id\":1,\"name\":\"a,b\"}]");
    assertThat(filtered.headers().firstValue("Content-Range")).contains("0-0/1");

    HttpResponse<String> page =
        send(rest(ref, "/items?limit=1&order=id", secret).header("Prefer", "count=exact").GET());
    assertThat(page.statusCode()).isEqualTo(206);
    assertThat(page.headers().firstValue("Content-Range")).contains("0-0/2");

    HttpResponse<String> jwtWithoutBearer =
        send(
            HttpRequest.newBuilder(URI.create(supabase.projectUrl(ref) + "/rest/v1/items"))
                .header("apikey", serviceJwt)
                .GET());
    assertThat(jwtWithoutBearer.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(jwtWithoutBearer.body()).get("code").asText()).isEqualTo("42501");

    HttpResponse<String> missing = send(rest(ref, "/nothing", secret).GET());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("PGRST205");

    HttpResponse<String> badKey = send(rest(ref, "/items", "sb_secret_wrong").GET());
    assertThat(badKey.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(badKey.body()).get("message").asText()).isEqualTo("Invalid API key");

    HttpResponse<String> conflict =
        send(rest(ref, "/items", secret).POST(body("{\"id\":1,\"name\":\"dup\"}")));
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(conflict.body()).get("code").asText()).isEqualTo("23505");

    HttpResponse<String> patched =
        send(rest(ref, "/items?id=eq.2", secret).method("PATCH", body("{\"name\":\"renamed\"}")));
    assertThat(patched.statusCode()).isEqualTo(204);
    HttpResponse<String> deleted =
        send(
            rest(ref, "/items?id=eq.1", secret).header("Prefer", "return=representation").DELETE());
    assertThat(deleted.statusCode()).isEqualTo(200);
    try (Connection c = supabase.project(ref).orElseThrow().database().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select string_agg(name, ',') from items")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("renamed");
    }

    String database = supabase.project(ref).orElseThrow().database().name();
    HttpResponse<String> gone = send(management("/v1/projects/" + ref).DELETE());
    assertThat(gone.statusCode()).isEqualTo(200);
    assertThat(send(management("/v1/projects/" + ref).GET()).statusCode()).isEqualTo(404);
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from pg_database where datname = '" + database + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void scriptedInitFailedIsReportedByPolls() throws Exception {
    supabase.nextProjects(ProjectScript.endingIn(0, "INIT_FAILED"));
    DoubleProject project =
        supabase.createProject(
            "broken", supabase.organizationSlug(), "eu-west-1", "pw", supabase.takeScript());
    assertThat(status(project.ref())).isEqualTo("INIT_FAILED");
    supabase.nextProjects(ProjectScript.healthyAfter(1));
  }

  @Test
  void anOrganizationsProjectsAreListedBySearchInPages() throws Exception {
    String marker = "lst" + SupabaseDouble.letters(6);
    supabase.createExistingProject(marker + "-b");
    supabase.createExistingProject(marker + "-a");
    supabase.createExistingProject(marker.toUpperCase() + "-c");
    String base = "/v1/organizations/" + supabase.organizationSlug() + "/projects";

    JsonNode all = JSON.readTree(send(management(base + "?search=" + marker).GET()).body());
    assertThat(all.path("projects").findValuesAsText("name"))
        .containsExactly(marker + "-a", marker + "-b", marker.toUpperCase() + "-c");
    JsonNode first = all.path("projects").get(0);
    assertThat(first.path("ref").asText()).matches("[a-z]{20}");
    assertThat(first.path("status").asText()).isEqualTo("ACTIVE_HEALTHY");
    assertThat(first.path("region").asText()).isEqualTo("eu-central-1");
    assertThat(first.path("is_branch").asBoolean(true)).isFalse();
    assertThat(first.path("inserted_at").asText()).isNotBlank();
    assertThat(all.path("pagination").path("count").asInt()).isEqualTo(3);

    JsonNode second =
        JSON.readTree(
            send(management(base + "?search=" + marker + "&limit=1&offset=1&sort=name_desc").GET())
                .body());
    assertThat(second.path("projects").findValuesAsText("name")).containsExactly(marker + "-b");

    assertThat(send(management(base + "?limit=101").GET()).statusCode()).isEqualTo(400);
    assertThat(send(management(base + "?sort=size").GET()).statusCode()).isEqualTo(400);
    assertThat(send(management("/v1/organizations/someone-else/projects").GET()).statusCode())
        .isEqualTo(404);
  }

  private static String status(String ref) throws Exception {
    return JSON.readTree(send(management("/v1/projects/" + ref).GET()).body())
        .get("status")
        .asText();
  }

  private static HttpResponse<String> runSql(String ref, String sql) throws Exception {
    return send(
        management("/v1/projects/" + ref + "/database/query")
            .POST(body(JSON.createObjectNode().put("query", sql).toString())));
  }

  private static HttpRequest.Builder management(String path) {
    return HttpRequest.newBuilder(uri(path))
        .header("Authorization", "Bearer " + supabase.accessToken())
        .header("Content-Type", "application/json");
  }

  private static HttpRequest.Builder rest(String ref, String path, String key) {
    return HttpRequest.newBuilder(URI.create(supabase.projectUrl(ref) + "/rest/v1" + path))
        .header("apikey", key)
        .header("Content-Type", "application/json");
  }

  private static URI uri(String path) {
    return URI.create(supabase.managementUrl() + path);
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
