package io.storeplane.api.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Failures of the client-schema module that reach the HTTP layer are problems with their own codes,
 * never a 500 (they were before one mapper handled every module exception). The secrets module's
 * counterpart is in {@code SecretsAtRestTest}.
 */
@QuarkusTest
class ModuleFailuresTest {

  @Test
  void anInvalidSeedValueIsA400Problem() {
    given()
        .queryParam("currency", "euro")
        .get("/test-only/client-schema/seed-values")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo("urn:storeplane:problem:invalid-seed-value"))
        .body("code", equalTo("invalid-seed-value"))
        .body("title", equalTo("The request is not valid"))
        .body("detail", containsString("currency"))
        .body("instance", equalTo("/test-only/client-schema/seed-values"));
  }

  @Test
  void anUnknownSchemaVersionIsA400Problem() {
    given()
        .get("/test-only/client-schema/versions/9999/tables")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo("urn:storeplane:problem:unknown-schema-version"))
        .body("code", equalTo("unknown-schema-version"));
  }

  @Test
  void theSameCallsSucceedWithGoodValues() {
    given()
        .queryParam("currency", "EUR")
        .get("/test-only/client-schema/seed-values")
        .then()
        .statusCode(200)
        .body("currency", equalTo("EUR"));
    given().get("/test-only/client-schema/versions/1/tables").then().statusCode(200);
  }
}
