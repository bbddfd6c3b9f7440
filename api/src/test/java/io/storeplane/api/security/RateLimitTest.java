package io.storeplane.api.security;

import static io.restassured.RestAssured.given;
import static io.storeplane.api.TestApi.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RateLimitTest.TightLimit.class)
class RateLimitTest {

  /** Three requests at once, then one every ten seconds. */
  public static class TightLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "storeplane.rate-limit.burst", "3",
          "storeplane.rate-limit.requests-per-second", "0.1");
    }
  }

  @Test
  void aTokenOverItsRateGets429WithRetryAfter() {
    for (int i = 0; i < 3; i++) {
      asAdmin().get("/api/v1/plans").then().statusCode(200);
    }
    asAdmin()
        .get("/api/v1/plans")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("code", equalTo("rate-limited"));
  }

  @Test
  void callersWithoutATokenAreLimitedByAddress() {
    for (int i = 0; i < 3; i++) {
      given().get("/api/v1/stores").then().statusCode(401);
    }
    given().get("/api/v1/stores").then().statusCode(429).header("Retry-After", notNullValue());
  }
}
