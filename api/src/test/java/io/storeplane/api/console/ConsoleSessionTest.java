package io.storeplane.api.console;

import static io.restassured.RestAssured.given;
import static io.storeplane.api.TestApi.ADMIN_TOKEN;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.TestCallers;
import io.storeplane.api.security.RateLimitConfig;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.console.session.ConsoleConfig;
import io.storeplane.master.token.TokenSecrets;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The console's session and form rules over real HTTP, without a browser: who may sign in, what the
 * cookie is, CSRF on every post, roles on every write, how a session ends (sign-out, revocation,
 * idle time) and the limit on failed sign-ins. The profile is the Supabase tests' so the console's
 * test classes and those share one application boot.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
class ConsoleSessionTest {

  @Inject DataSource master;
  @Inject ConsoleConfig console;
  @Inject RateLimitConfig rateLimits;

  @Test
  void anIdleSessionEnds() throws Exception {
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    admin.get("/console").then().statusCode(200);
    lastSeen(admin, Instant.now().minus(console.idleTimeout()).plusSeconds(60));
    admin.get("/console").then().statusCode(200);
    lastSeen(admin, Instant.now().minus(console.idleTimeout()).minusSeconds(1));
    admin
        .get("/console")
        .then()
        .statusCode(303)
        .header("Location", containsString("/console/sign-in"));
  }

  @Test
  void failedSignInsFromOneAddressAreLimited() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String address = "10.61." + random.nextInt(256) + "." + random.nextInt(1, 255);
    for (int i = 0; i < rateLimits.failedAuth().burst(); i++) {
      signIn(address, "spt_wrong-" + UUID.randomUUID()).then().statusCode(401);
    }
    signIn(address, "spt_wrong-" + UUID.randomUUID())
        .then()
        .statusCode(429)
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .body(containsString("Too many failed sign-ins"))
        .header("Set-Cookie", (String) null);
    // Another address is not affected.
    signIn("10.62.0.1", "spt_wrong-" + UUID.randomUUID()).then().statusCode(401);
  }

  private static Response signIn(String address, String token) {
    return given()
        .redirects()
        .follow(false)
        .header("X-Forwarded-For", address)
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", token)
        .post("/console/sign-in");
  }

  /** Moves a session's last request to {@code when}, as if it had been idle since. */
  private void lastSeen(ConsoleClient client, Instant when) throws Exception {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE console_sessions SET created_at = ?, last_seen_at = ? WHERE id_hash = ?")) {
      s.setTimestamp(1, Timestamp.from(when));
      s.setTimestamp(2, Timestamp.from(when));
      s.setString(3, TokenSecrets.hash(client.session));
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void aPageWithoutASessionSendsToSignIn() {
    given()
        .redirects()
        .follow(false)
        .get("/console/stores")
        .then()
        .statusCode(303)
        .header("Location", containsString("/console/sign-in"));
    given()
        .redirects()
        .follow(false)
        .header("HX-Request", "true")
        .get("/console/stores")
        .then()
        .statusCode(401)
        .header("HX-Redirect", equalTo("/console/sign-in"));
  }

  @Test
  void aWrongTokenIsToldSoAndNotEchoed() {
    String wrong = "spt_wrong-" + UUID.randomUUID();
    given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", wrong)
        .post("/console/sign-in")
        .then()
        .statusCode(401)
        .body(containsString("unknown, revoked or expired"))
        .body(not(containsString(wrong)))
        .header("Set-Cookie", (String) null);
  }

  @Test
  void aStoreTokenCannotSignIn() {
    String storeToken = TestCallers.tokenForStore(TestCallers.newStore());
    given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", storeToken)
        .post("/console/sign-in")
        .then()
        .statusCode(401)
        .body(containsString("store&#39;s token cannot sign in"));
  }

  @Test
  void signingInGivesAStrictHttpOnlyCookieThatIsNotTheToken() {
    Response response =
        given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParam("token", ADMIN_TOKEN)
            .post("/console/sign-in");
    assertThat(response.statusCode()).isEqualTo(303);
    String setCookie = response.header("Set-Cookie");
    assertThat(setCookie)
        .startsWith(ConsoleClient.COOKIE + "=")
        .contains("HttpOnly", "SameSite=Strict", "Path=/console")
        .doesNotContain(ADMIN_TOKEN)
        .doesNotContain("Secure"); // plain HTTP here; Secure under TLS
    String session = response.cookie(ConsoleClient.COOKIE);
    given()
        .cookie(ConsoleClient.COOKIE, session)
        .get("/console")
        .then()
        .statusCode(200)
        .body(containsString("Dashboard"))
        .body(not(containsString(ADMIN_TOKEN)));
  }

  @Test
  void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
    String storeId = TestCallers.newStore();
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    admin
        .request()
        .contentType("application/x-www-form-urlencoded")
        .formParam("unrelated", "x")
        .post("/console/stores/" + storeId + "/suspend")
        .then()
        .statusCode(403)
        .body(containsString("did not come from the console"));
    admin
        .post("/console/stores/" + storeId + "/suspend", "forged-" + UUID.randomUUID())
        .then()
        .statusCode(403);
    // Another session's token is not this one's.
    String otherCsrf = ConsoleClient.signIn(ADMIN_TOKEN).csrf("/console/stores/" + storeId);
    admin.post("/console/stores/" + storeId + "/suspend", otherCsrf).then().statusCode(403);
    asAdmin().get("/api/v1/stores/" + storeId).then().body("status", equalTo("active"));

    admin
        .post("/console/stores/" + storeId + "/suspend", admin.csrf("/console/stores/" + storeId))
        .then()
        .statusCode(303);
    asAdmin().get("/api/v1/stores/" + storeId).then().body("status", equalTo("suspended"));
    admin
        .post("/console/stores/" + storeId + "/resume", admin.csrf("/console/stores/" + storeId))
        .then()
        .statusCode(303);
    asAdmin().get("/api/v1/stores/" + storeId).then().body("status", equalTo("active"));
  }

  @Test
  void aPostFromAnotherSiteIsRefused() {
    String storeId = TestCallers.newStore();
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/stores/" + storeId);
    admin
        .request()
        .header("Origin", "https://evil.example")
        .contentType("application/x-www-form-urlencoded")
        .formParam("csrf", csrf)
        .post("/console/stores/" + storeId + "/suspend")
        .then()
        .statusCode(403);
    asAdmin().get("/api/v1/stores/" + storeId).then().body("status", equalTo("active"));
  }

  @Test
  void aViewerSeesNoWriteControlAndAForgedWriteIsRefused() {
    String storeId = TestCallers.newStore();
    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    String page =
        viewer.get("/console/stores/" + storeId).then().statusCode(200).extract().asString();
    assertThat(page)
        .doesNotContain("/suspend")
        .doesNotContain("/resume")
        .doesNotContain("Create token")
        .doesNotContain("Revoke");
    String csrf = viewer.csrf("/console/stores/" + storeId); // the sign-out form's
    viewer
        .post("/console/stores/" + storeId + "/suspend", csrf)
        .then()
        .statusCode(403)
        .body(containsString("viewer"));
    viewer
        .post("/console/stores/" + storeId + "/tokens", csrf, "name", "forged")
        .then()
        .statusCode(403);
    asAdmin().get("/api/v1/stores/" + storeId).then().body("status", equalTo("active"));
  }

  @Test
  void aStoreTokenIsShownOnceThenOnlyItsPrefix() {
    String storeId = TestCallers.newStore();
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    Response created =
        admin.post(
            "/console/stores/" + storeId + "/tokens",
            admin.csrf("/console/stores/" + storeId),
            "name",
            "checkout app");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    String body = created.asString();
    int at = body.indexOf("id=\"new-token\">");
    assertThat(at).isPositive();
    String secret = body.substring(at + "id=\"new-token\">".length(), body.indexOf('<', at + 15));
    assertThat(secret).startsWith("spt_");
    // The new token works on its store's API, and the page never shows it again.
    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/stores/" + storeId)
        .then()
        .statusCode(200);
    admin
        .get("/console/stores/" + storeId)
        .then()
        .statusCode(200)
        .body(containsString("checkout app"))
        .body(not(containsString(secret)));
  }

  @Test
  void signOutEndsTheSession() {
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    admin
        .post("/console/sign-out", admin.csrf("/console"))
        .then()
        .statusCode(303)
        .header("Set-Cookie", containsString("Max-Age=0"));
    admin.get("/console").then().statusCode(303);
  }

  @Test
  void revokingTheTokenEndsItsSessions() {
    String token = TestCallers.tokenForNewUser("operator");
    ConsoleClient operator = ConsoleClient.signIn(token);
    operator.get("/console").then().statusCode(200);
    String id =
        asAdmin()
            .get("/api/v1/tokens")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("find { it.prefix == '" + token.substring(0, 12) + "' }.id");
    asAdmin().delete("/api/v1/tokens/" + id).then().statusCode(200);
    operator.get("/console").then().statusCode(303);
  }

  @Test
  void theStoreListSearchesAndRefusesUnknownFilters() {
    String storeId = TestCallers.newStore();
    String slugPrefix = asAdmin().get("/api/v1/stores/" + storeId).then().extract().path("slug");
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    admin
        .request()
        .queryParam("q", slugPrefix)
        .get("/console/stores")
        .then()
        .statusCode(200)
        .body(containsString("/console/stores/" + storeId))
        .body(containsString("1 store"));
    admin
        .request()
        .queryParam("q", "no-such-" + UUID.randomUUID())
        .get("/console/stores")
        .then()
        .statusCode(200)
        .body(containsString("No store matches."));
    admin
        .request()
        .queryParam("status", "sleeping")
        .get("/console/stores")
        .then()
        .statusCode(400)
        .body(containsString("active, suspended or deleted"));
    admin.get("/console/stores/not-a-uuid").then().statusCode(404);
  }

  @Test
  void aJobsEventStreamNeedsASessionAndEndsWithTheJob() {
    JsonPath store =
        TestCallers.newStore("Streamed store", "stream", Map.of("type", "managed-postgresql"));
    String jobId = store.getString("provisioningJobId");
    given()
        .redirects()
        .follow(false)
        .get("/console/jobs/" + jobId + "/events")
        .then()
        .statusCode(303);
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> admin.get("/console/jobs/" + jobId + "/panel").statusCode() == 286);
    String stream =
        admin
            .request()
            .accept("text/event-stream")
            .get("/console/jobs/" + jobId + "/events")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(stream)
        .containsPattern("event: ?job")
        .containsPattern("event: ?done")
        .contains("id=\"job-status\"", "id=\"job-progress\"");
    admin.get("/console/jobs/" + UUID.randomUUID()).then().statusCode(404);
  }

  @Test
  void onboardingChecksItsFormAndRefusesAViewer() {
    ConsoleClient admin = ConsoleClient.signIn(ADMIN_TOKEN);
    String csrf = admin.csrf("/console/onboard");
    admin
        .post(
            "/console/onboard",
            csrf,
            "name",
            "Bad slug",
            "slug",
            "Bad Slug!",
            "plan",
            "free",
            "database",
            "managed-postgresql")
        .then()
        .statusCode(400)
        .body(containsString("lowercase letters"));
    admin
        .post(
            "/console/onboard",
            csrf,
            "name",
            "Oracle",
            "slug",
            "oracle-" + UUID.randomUUID().toString().substring(0, 8),
            "plan",
            "free",
            "database",
            "oracle")
        .then()
        .statusCode(400)
        .body(containsString("managed PostgreSQL, managed MySQL or Supabase"));
    ConsoleClient viewer = ConsoleClient.signIn(TestCallers.tokenForNewUser("viewer"));
    viewer.get("/console/onboard").then().statusCode(403);
    viewer
        .post(
            "/console/onboard",
            viewer.csrf("/console"),
            "name",
            "Forged",
            "slug",
            "forged-" + UUID.randomUUID().toString().substring(0, 8),
            "plan",
            "free",
            "database",
            "managed-postgresql")
        .then()
        .statusCode(403);
  }
}
