package io.storeplane.api.store;

import static io.storeplane.api.TestApi.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input of every kind gets a 4xx problem+json naming what is wrong, never a 500. */
@QuarkusTest
class StoreRequestProblemsTest {

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("{\"name\": \"Acme\", \"slug\": ", "malformed-request", null),
        Arguments.of("", "validation-failed", "request"),
        Arguments.of("[]", "malformed-request", null),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"abc\", \"plan\": [1]}", "malformed-request", "plan"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"abc\", \"plan\": \"free\", \"pasword\": \"x\"}",
            "malformed-request",
            "pasword"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"abc\", \"plan\": \"free\", \"database\": {\"type\": \"oracle\"}}",
            "malformed-request",
            "database.type"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"abc\", \"plan\": \"free\", \"database\": {\"type\": \"postgresql\", \"port\": \"x\"}}",
            "malformed-request",
            "database.port"),
        Arguments.of(
            "{\"name\": \"\", \"slug\": \"abc\", \"plan\": \"free\"}", "validation-failed", "name"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"Ab\", \"plan\": \"free\"}", "validation-failed", "slug"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"-abc\", \"plan\": \"free\"}",
            "validation-failed",
            "slug"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"" + "a".repeat(64) + "\", \"plan\": \"free\"}",
            "validation-failed",
            "slug"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"abc\", \"plan\": \"free\", \"database\": {\"type\": \"mysql\", \"host\": \"db; drop\", \"port\": 70000, \"database\": \"x\", \"username\": \"u\", \"password\": \"p\"}}",
            "validation-failed",
            "database.port"),
        Arguments.of(
            "{\"name\": \"A\", \"slug\": \"abc\", \"plan\": \"free\", \"database\": {\"type\": \"supabase\", \"projectUrl\": \"https://x.supabase.co\"}}",
            "validation-failed",
            "database.complete"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void badBodiesAre400Problems(String body, String code, String field) {
    var response =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/stores")
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("code", equalTo(code))
            .body("type", equalTo("urn:storeplane:problem:" + code))
            .body("title", not(equalTo("")))
            .body("detail", not(containsString("Exception")))
            .body("detail", not(containsString("\tat ")));
    if (field != null) {
      response.body("errors.field", hasItem(field));
    }
  }

  @Test
  void validationNamesEveryFailingField() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"\", \"slug\": \"X\", \"plan\": \"\", \"database\": {\"type\": \"postgresql\"}}")
        .post("/api/v1/stores")
        .then()
        .statusCode(400)
        .body(
            "errors.field",
            hasItems(
                "name",
                "slug",
                "plan",
                "database.host",
                "database.port",
                "database.database",
                "database.username",
                "database.password"));
  }

  @Test
  void unknownRouteMethodAndMediaTypeAreProblems() {
    asAdmin().get("/api/v1/nothing-here").then().statusCode(404).body("code", equalTo("not-found"));
    asAdmin()
        .put("/api/v1/stores")
        .then()
        .statusCode(405)
        .body("code", equalTo("method-not-allowed"));
    asAdmin()
        .contentType(ContentType.TEXT)
        .body("x")
        .post("/api/v1/stores")
        .then()
        .statusCode(415)
        .body("code", equalTo("unsupported-media-type"));
  }

  @Test
  void badListParametersAre400() {
    asAdmin()
        .queryParam("status", "sleeping")
        .get("/api/v1/stores")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("status"));
    asAdmin()
        .queryParam("sort", "password")
        .get("/api/v1/stores")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("sort"));
    asAdmin()
        .queryParam("page", -1)
        .get("/api/v1/stores")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("page"));
    asAdmin()
        .queryParam("page", "x")
        .get("/api/v1/stores")
        .then()
        .statusCode(400)
        .body("code", equalTo("validation-failed"));
  }

  @ParameterizedTest
  @ValueSource(strings = {", \"database\": {\"type\": \"managed-postgresql\"}", ""})
  void anOverlongIdempotencyKeyIs400AndCreatesNothing(String database) {
    String slug = "idem-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    asAdmin()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", "k".repeat(151))
        .body("{\"name\": \"A\", \"slug\": \"" + slug + "\", \"plan\": \"free\"" + database + "}")
        .post("/api/v1/stores")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("Idempotency-Key"));
    asAdmin()
        .queryParam("size", 100)
        .get("/api/v1/stores")
        .then()
        .body("items.slug", not(hasItem(slug)));
  }

  @Test
  void anOversizedBodyIs413() {
    String huge =
        "{\"name\": \"" + "x".repeat(300 * 1024) + "\", \"slug\": \"abc\", \"plan\": \"free\"}";
    asAdmin()
        .contentType(ContentType.JSON)
        .body(huge)
        .post("/api/v1/stores")
        .then()
        .statusCode(413);
  }

  @Test
  void theRequestIdIsEchoed() {
    asAdmin()
        .header("X-Request-Id", "test-request-0001")
        .get("/api/v1/stores/nope")
        .then()
        .header("X-Request-Id", "test-request-0001")
        .body("requestId", equalTo("test-request-0001"));
  }
}
