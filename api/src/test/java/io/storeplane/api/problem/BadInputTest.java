package io.storeplane.api.problem;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.storeplane.api.TestCallers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs that used to answer 500 (issue 14, finding 5): a duplicate JSON key, NUL in a stored
 * string or a filter, a page beyond what an offset can hold. Each is a 400 problem now, and nothing
 * is written.
 */
@QuarkusTest
class BadInputTest {

  @Test
  void aDuplicateJsonKeyIsAMalformedRequest() {
    Response response =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                "{\"email\":\"dup-key@example.com\",\"fullName\":\"x\",\"role\":\"viewer\","
                    + "\"role\":\"viewer\"}")
            .post("/api/v1/users");
    problem(response, "malformed-request");
    assertThat(response.jsonPath().getString("detail")).contains("role");
  }

  @Test
  void nulInAStoredStringIsRefusedAndNothingIsWritten() {
    String store = TestCallers.newStore();
    Response token =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("storeId", store, "name", "a\u0000b"))
            .post("/api/v1/tokens");
    problem(token, "malformed-request");
    assertThat(token.jsonPath().getString("errors[0].field")).isEqualTo("name");

    Response rename =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Shop\u0000"))
            .patch("/api/v1/stores/" + store);
    problem(rename, "malformed-request");
    assertThat(asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("name"))
        .doesNotContain("\u0000");
  }

  @Test
  void nulInAFilterIsAValidationProblem() {
    problem(asAdmin().queryParam("plan", "\u0000").get("/api/v1/stores"), "validation-failed");
    problem(
        asAdmin().queryParam("targetId", "\u0000").get("/api/v1/audit-logs"), "validation-failed");
  }

  @Test
  void aPageBeyondWhatAnOffsetHoldsIsAValidationProblem() {
    problem(
        asAdmin().queryParam("page", 21474837).queryParam("size", 100).get("/api/v1/stores"),
        "validation-failed");
    problem(
        asAdmin()
            .queryParam("page", Integer.MAX_VALUE)
            .queryParam("size", 100)
            .get("/api/v1/audit-logs"),
        "validation-failed");
  }

  /**
   * Found by OpenApiFuzzTest's contract check: a number was read into a string field (a server
   * named {@code 123} was registered), as Jackson coerces scalars by default; the document says
   * each field's type, and a value of another type is malformed.
   */
  @Test
  void aValueOfTheWrongJsonTypeIsAMalformedRequestNamingTheField() {
    String store = TestCallers.newStore();
    Response number =
        asAdmin()
            .contentType(ContentType.JSON)
            .body("{\"name\": 123}")
            .patch("/api/v1/stores/" + store);
    problem(number, "malformed-request");
    assertThat(number.jsonPath().getString("errors[0].field")).isEqualTo("name");
    assertThat(number.jsonPath().getString("detail")).doesNotContain("123").contains("string");

    Response text =
        asAdmin()
            .contentType(ContentType.JSON)
            .body("{\"published\": \"true\"}")
            .patch("/api/v1/stores/" + store);
    problem(text, "malformed-request");
    assertThat(text.jsonPath().getString("errors[0].field")).isEqualTo("published");

    Response ordinal =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                "{\"email\": \"ordinal-"
                    + java.util.UUID.randomUUID()
                    + "@example.com\", \"fullName\": \"O\", \"role\": 0}")
            .post("/api/v1/users");
    problem(ordinal, "malformed-request");
    assertThat(ordinal.jsonPath().getString("errors[0].field")).isEqualTo("role");
    assertThat(asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("name"))
        .isNotEqualTo("123");
  }

  /** Found by OpenApiFuzzTest: a valid object followed by more text was read and acted on. */
  @Test
  void textAfterTheJsonValueIsAMalformedRequest() {
    String email = "trailing-" + java.util.UUID.randomUUID() + "@example.com";
    Response response =
        asAdmin()
            .contentType(ContentType.JSON)
            .body("{\"email\":\"" + email + "\",\"fullName\":\"x\",\"role\":\"viewer\"}}]x")
            .post("/api/v1/users");
    problem(response, "malformed-request");
    assertThat(asAdmin().get("/api/v1/users").asString()).doesNotContain(email);
  }

  private static void problem(Response response, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
  }
}
