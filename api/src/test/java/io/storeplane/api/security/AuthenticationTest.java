package io.storeplane.api.security;

import static io.restassured.RestAssured.given;
import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.storeplane.api.TestCallers;
import io.storeplane.master.token.ApiToken;
import io.storeplane.master.token.ApiTokenRepository;
import io.storeplane.master.token.TokenSecrets;
import io.storeplane.master.user.PlatformUserRepository;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthenticationTest {

  @Inject ApiTokenRepository tokens;
  @Inject PlatformUserRepository users;

  @Test
  void noTokenIs401ProblemWithAChallenge() {
    given()
        .get("/api/v1/stores")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("code", equalTo("unauthorized"));
  }

  @Test
  void anUnknownTokenOrAnotherSchemeIs401() {
    as("spt_" + "x".repeat(43)).get("/api/v1/stores").then().statusCode(401);
    given()
        .header("Authorization", "Basic YWRtaW46YWRtaW4=")
        .get("/api/v1/stores")
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthorized"));
  }

  @Test
  void aViewerMayReadButNotCreate() {
    String viewer = TestCallers.tokenForNewUser("viewer");
    as(viewer).get("/api/v1/stores").then().statusCode(200);
    as(viewer)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "No", "slug", "viewer-" + shortId(), "plan", "free"))
        .post("/api/v1/stores")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("forbidden"));
    as(viewer).get("/api/v1/audit-logs").then().statusCode(403);
    as(viewer).get("/api/v1/tokens").then().statusCode(403);
  }

  @Test
  void billingUsersSeeNoStores() {
    as(TestCallers.tokenForNewUser("billing")).get("/api/v1/stores").then().statusCode(403);
  }

  @Test
  void aRevokedTokenIs401() {
    String operator = TestCallers.tokenForNewUser("operator");
    as(operator).get("/api/v1/stores").then().statusCode(200);
    String id =
        asAdmin()
            .get("/api/v1/tokens")
            .then()
            .extract()
            .jsonPath()
            .getString("find { it.prefix == '" + TokenSecrets.prefixOf(operator) + "' }.id");
    asAdmin().delete("/api/v1/tokens/" + id).then().statusCode(200);
    as(operator).get("/api/v1/stores").then().statusCode(401);
  }

  @Test
  void anExpiredTokenIs401() {
    String secret = TokenSecrets.generate();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ApiToken token = new ApiToken();
              token.id = UUID.randomUUID();
              token.tokenHash = TokenSecrets.hash(secret);
              token.prefix = TokenSecrets.prefixOf(secret);
              token.name = "expired";
              token.userId = users.findByEmail("admin@storeplane.local").orElseThrow().id;
              token.createdAt = Instant.now().minus(2, ChronoUnit.HOURS);
              token.expiresAt = Instant.now().minus(1, ChronoUnit.HOURS);
              tokens.persist(token);
            });
    as(secret).get("/api/v1/stores").then().statusCode(401);
  }

  @Test
  void aTokenOfAUserMadeInactiveIs401AtItsNextRequest() {
    String operator = TestCallers.tokenForNewUser("operator");
    as(operator).get("/api/v1/stores").then().statusCode(200);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                users.findById(tokens.findByHash(TokenSecrets.hash(operator)).orElseThrow().userId)
                        .active =
                    false);
    as(operator).get("/api/v1/stores").then().statusCode(401);
  }

  @Test
  void aTokensLastUseIsWrittenAtMostOnceAMinute() {
    String operator = TestCallers.tokenForNewUser("operator");
    as(operator).get("/api/v1/stores").then().statusCode(200);
    Instant first = lastUsedAt(operator);
    assertThat(first).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));

    as(operator).get("/api/v1/stores").then().statusCode(200);
    assertThat(lastUsedAt(operator)).as("a use within the minute is not written").isEqualTo(first);

    // a use recorded two minutes ago is due again
    Instant twoMinutesAgo = Instant.now().minus(2, ChronoUnit.MINUTES);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                tokens.findByHash(TokenSecrets.hash(operator)).orElseThrow().lastUsedAt =
                    twoMinutesAgo);
    as(operator).get("/api/v1/stores").then().statusCode(200);
    assertThat(lastUsedAt(operator)).isAfter(twoMinutesAgo.plus(1, ChronoUnit.MINUTES));
  }

  private Instant lastUsedAt(String secret) {
    return QuarkusTransaction.requiringNew()
        .call(() -> tokens.findByHash(TokenSecrets.hash(secret)).orElseThrow().lastUsedAt);
  }

  @Test
  void aTokenIsShownOnceAndStoredOnlyAsAHash() {
    String token = TestCallers.tokenForNewUser("viewer");
    asAdmin()
        .get("/api/v1/tokens")
        .then()
        .statusCode(200)
        .body("prefix", hasItem(TokenSecrets.prefixOf(token)))
        .body("token", not(hasItem(token)))
        .body("find { it.prefix == '" + TokenSecrets.prefixOf(token) + "' }.token", nullValue());
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                org.assertj.core.api.Assertions.assertThat(
                        tokens.findByHash(TokenSecrets.hash(token)).orElseThrow().tokenHash)
                    .isNotEqualTo(token)
                    .hasSize(64));
  }

  @Test
  void aCreatedTokenIsReadAtItsLocationWithoutItsSecret() {
    String userId = users.findByEmail("admin@storeplane.local").orElseThrow().id.toString();
    var created =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "located", "userId", userId))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract();
    String id = created.path("id");
    String location = created.header("Location");
    org.assertj.core.api.Assertions.assertThat(location).endsWith("/api/v1/tokens/" + id);
    asAdmin()
        .get(location)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("prefix", equalTo(created.path("prefix")))
        .body("userId", equalTo(userId))
        .body("revokedAt", nullValue())
        .body("token", nullValue());
    asAdmin().delete("/api/v1/tokens/" + id).then().statusCode(200);
    asAdmin()
        .get("/api/v1/tokens/" + id)
        .then()
        .statusCode(200)
        .body("revokedAt", not(nullValue()));
    asAdmin()
        .get("/api/v1/tokens/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("code", equalTo("token-not-found"));
    asAdmin().get("/api/v1/tokens/not-a-uuid").then().statusCode(404);
    as(TestCallers.tokenForNewUser("operator")).get("/api/v1/tokens/" + id).then().statusCode(403);
  }

  @Test
  void aTokenNeedsExactlyOneOwnerAndAFutureExpiry() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "nobody"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-token-request"));
    String userId = users.findByEmail("admin@storeplane.local").orElseThrow().id.toString();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "past", "userId", userId, "expiresAt", "2020-01-01T00:00:00Z"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-token-request"));
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
