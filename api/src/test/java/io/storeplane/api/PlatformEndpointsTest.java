package io.storeplane.api;

import static io.restassured.RestAssured.given;
import static io.storeplane.api.TestApi.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * OpenAPI (open to all) and the plan catalogue: what operators and generators use. Health is on the
 * management interface ({@link ManagementInterfaceTest}).
 */
@QuarkusTest
class PlatformEndpointsTest {

  @Test
  void openApiListsTheStoreEndpoints() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/stores/{id}/suspend"))
        .body(containsString("/api/v1/stores/{id}/resume"))
        .body(containsString("\"/api/v1/stores\""));
  }

  @Test
  void plansAreListedInOrder() {
    asAdmin()
        .get("/api/v1/plans")
        .then()
        .statusCode(200)
        .body("code", equalTo(java.util.List.of("free", "starter", "professional", "enterprise")));
  }
}
