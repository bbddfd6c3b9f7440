package io.storeplane.api;

import static io.storeplane.api.TestApi.asAdmin;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;

/** Creates users, stores and tokens through the API, as the admin would. */
public final class TestCallers {

  private TestCallers() {}

  /** A new user with this role (lower case, e.g. {@code viewer}) and a token for them. */
  public static String tokenForNewUser(String role) {
    String userId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "email", role + "-" + UUID.randomUUID() + "@example.com",
                    "fullName", "Test " + role,
                    "role", role))
            .post("/api/v1/users")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return tokenFor(Map.of("userId", userId, "name", "test"));
  }

  /** A new store on the free plan; returns its id. */
  public static String newStore() {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "Test store",
                "slug",
                "t-" + UUID.randomUUID().toString().substring(0, 13),
                "plan",
                "free"))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /**
   * A new store on the free plan named {@code name}, slug {@code slugPrefix} + 8 random characters,
   * with this {@code database} object; returns the 201 body (its {@code provisioningJobId}
   * included).
   */
  public static JsonPath newStore(String name, String slugPrefix, Map<String, Object> database) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                name,
                "slug",
                slugPrefix + UUID.randomUUID().toString().substring(0, 8),
                "plan",
                "free",
                "database",
                database))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** A new token bound to this store. */
  public static String tokenForStore(String storeId) {
    return tokenFor(Map.of("storeId", storeId, "name", "store app"));
  }

  private static String tokenFor(Map<String, Object> body) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }
}
