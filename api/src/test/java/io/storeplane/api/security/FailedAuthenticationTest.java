package io.storeplane.api.security;

import static io.restassured.RestAssured.given;
import static io.storeplane.api.TestApi.ADMIN_TOKEN;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.storeplane.api.TestCallers;
import io.storeplane.master.token.TokenSecrets;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Failed authentication is limited and audited per client address. Each test is its own client: the
 * test profile trusts {@code X-Forwarded-For} from the local test client (as a deployment trusts
 * its proxy), so the tests do not share a bucket with each other or with other tests.
 */
@QuarkusTest
class FailedAuthenticationTest {

  @Inject RateLimitConfig config;

  @Test
  void badTokensFromOneAddressGet429WithRetryAfterPastTheLimit() {
    String address = newAddress();
    String target = "/api/v1/stores/" + UUID.randomUUID() + "/suspend";
    int burst = config.failedAuth().burst();
    for (int i = 0; i < burst; i++) {
      // Unknown tokens and headers that are not bearer tokens count alike.
      String header = i % 2 == 0 ? "Bearer " + TokenSecrets.generate() : "Basic YWRtaW46YWRtaW4=";
      from(address).header("Authorization", header).post(target).then().statusCode(401);
    }
    from(address)
        .header("Authorization", "Bearer " + TokenSecrets.generate())
        .post(target)
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .body("code", equalTo("rate-limited"))
        .body("type", equalTo("urn:storeplane:problem:rate-limited"));

    // Another address is not affected.
    from(newAddress())
        .header("Authorization", "Bearer " + TokenSecrets.generate())
        .post(target)
        .then()
        .statusCode(401);
  }

  @Test
  void concurrentBadTokensGetNoMoreLookupsThanTheLimit() throws Exception {
    String address = newAddress();
    String target = "/api/v1/stores/" + UUID.randomUUID() + "/suspend";
    int calls = 2 * config.failedAuth().burst();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    long started = System.nanoTime();
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      for (int i = 0; i < calls; i++) {
        statuses.add(
            clients.submit(
                () ->
                    from(address)
                        .header("Authorization", "Bearer " + TokenSecrets.generate())
                        .post(target)
                        .statusCode()));
      }
      int unauthorized = 0;
      for (Future<Integer> status : statuses) {
        int code = status.get();
        assertThat(code).isIn(401, 429);
        unauthorized += code == 401 ? 1 : 0;
      }
      // Each 401 was a lookup; attempts are taken before the lookup, so calls in flight at once
      // cannot all pass. Allow what the address regained while the calls ran.
      double minutes = (System.nanoTime() - started) / 60e9;
      int regained = (int) (minutes * config.failedAuth().perMinute()) + 1;
      assertThat(unauthorized)
          .isBetween(config.failedAuth().burst(), config.failedAuth().burst() + regained);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void duringTheCoolDownOnlyATokenThatAuthenticatedOnThisInstanceIsLookedUp() {
    String address = newAddress();
    String fresh = TestCallers.tokenForNewUser("viewer"); // valid, never used yet
    exhaust(address);

    // Refused before any master lookup: a lookup would have found this token valid.
    from(address)
        .header("Authorization", "Bearer " + fresh)
        .get("/api/v1/stores")
        .then()
        .statusCode(429);
    // The admin token authenticated on this instance before: it is still served.
    from(address)
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .get("/api/v1/stores")
        .then()
        .statusCode(200);
    // The fresh token still works from elsewhere.
    from(newAddress())
        .header("Authorization", "Bearer " + fresh)
        .get("/api/v1/stores")
        .then()
        .statusCode(200);
  }

  @Test
  void callsWithoutATokenAreNotFailedAuthentications() {
    String address = newAddress();
    for (int i = 0; i < config.failedAuth().burst() + 5; i++) {
      from(address).get("/api/v1/stores").then().statusCode(401);
    }
    from(address)
        .header("Authorization", "Bearer " + TokenSecrets.generate())
        .get("/api/v1/stores")
        .then()
        .statusCode(401);
  }

  @Test
  void aFloodIsAuditedAsOneRowPerAddressPerWindowWithTheCounts() {
    String address = newAddress();
    String target = "/api/v1/stores/" + UUID.randomUUID() + "/suspend";
    int burst = config.failedAuth().burst();
    int refused = 7;
    List<String> sent = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < burst + refused; i++) {
      String token = TokenSecrets.generate();
      sent.add(token);
      from(address)
          .header("Authorization", "Bearer " + token)
          .post(target)
          .then()
          .statusCode(i < burst ? 401 : 429);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    JsonPath trail =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> failedAuthRows(address),
                rows ->
                    sum(rows, "details.failures") == burst
                        && sum(rows, "details.refused") == refused);
    List<Map<String, Object>> rows = trail.getList("$");
    // Windows are aligned, so calls spanning `elapsed` touch at most elapsed/window + 1 of them.
    long window = config.failedAuth().auditWindow().toNanos();
    assertThat(rows).hasSizeLessThanOrEqualTo((int) (elapsed.toNanos() / window) + 2);
    assertThat(trail.getList("outcome", String.class)).containsOnly("denied");
    assertThat(trail.getList("actorType", String.class)).containsOnly("anonymous");
    assertThat(trail.getList("targetType", String.class)).containsOnly("address");
    assertThat(trail.getList("sourceIp", String.class)).containsOnly(address);
    String text = trail.prettify();
    sent.forEach(token -> assertThat(text).doesNotContain(token));
  }

  private void exhaust(String address) {
    for (int i = 0; i < config.failedAuth().burst(); i++) {
      from(address)
          .header("Authorization", "Bearer " + TokenSecrets.generate())
          .get("/api/v1/stores")
          .then()
          .statusCode(401);
    }
  }

  private static JsonPath failedAuthRows(String address) {
    return asAdmin()
        .queryParam("action", "auth.failed")
        .queryParam("targetId", address)
        .get("/api/v1/audit-logs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static long sum(JsonPath rows, String field) {
    return rows.getList(field, Long.class).stream().mapToLong(Long::longValue).sum();
  }

  private static RequestSpecification from(String address) {
    return given().header("X-Forwarded-For", address);
  }

  /** A random private address; collisions between the tests of one run are unlikely. */
  private static String newAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
  }
}
