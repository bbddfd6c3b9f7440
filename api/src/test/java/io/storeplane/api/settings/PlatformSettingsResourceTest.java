package io.storeplane.api.settings;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.TestCallers;
import io.storeplane.master.settings.PlatformSettingKey;
import io.storeplane.master.settings.PlatformSettings;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The platform settings API: a closed list of keys, the Supabase token sealed and write-only,
 * values validated, admins only, every change audited without the secret.
 */
@QuarkusTest
class PlatformSettingsResourceTest {

  private static final String TOKEN_PATH = "/api/v1/admin/settings/supabase.access-token";
  private static final String ORG_PATH = "/api/v1/admin/settings/supabase.organization";

  @Inject DataSource master;
  @Inject PlatformSettings settings;

  @AfterEach
  void clear() {
    asAdmin().delete(TOKEN_PATH).then().statusCode(200);
    asAdmin().delete(ORG_PATH).then().statusCode(200);
    asAdmin().delete("/api/v1/admin/settings/supabase.default-region").then().statusCode(200);
  }

  @Test
  void theTokenIsSealedAtRestAndNeverAnswered() throws Exception {
    String token = "sbp_" + UUID.randomUUID().toString().replace("-", "") + "0123abcd";
    String put =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("secret", token))
            .put(TOKEN_PATH)
            .then()
            .statusCode(200)
            .body("key", equalTo("supabase.access-token"))
            .body("secret", equalTo(true))
            .body("set", equalTo(true))
            .body("updatedBy", equalTo("admin@storeplane.local"))
            .extract()
            .asString();
    assertThat(put).doesNotContain(token).doesNotContain("\"value\"");

    String list =
        asAdmin().get("/api/v1/admin/settings").then().statusCode(200).extract().asString();
    assertThat(list).doesNotContain(token);
    JsonPath settingsList = JsonPath.from(list);
    assertThat(settingsList.getList("key", String.class))
        .containsExactly(
            "supabase.access-token",
            "supabase.organization",
            "supabase.default-region",
            "storeplane.retention.request-logs");
    assertThat(settingsList.getMap("find { it.key == 'supabase.access-token' }"))
        .containsEntry("secret", true)
        .containsEntry("set", true)
        .containsKey("updatedAt")
        .doesNotContainKey("value");
    assertThat(asAdmin().get(TOKEN_PATH).then().statusCode(200).extract().asString())
        .doesNotContain(token);

    try (var connection = master.getConnection();
        var statement =
            connection.prepareStatement(
                "SELECT value, secret_ciphertext, updated_by FROM platform_settings WHERE key = ?")) {
      statement.setString(1, "supabase.access-token");
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isNull();
        assertThat(row.getString(2)).startsWith("v1:").doesNotContain(token);
        assertThat(row.getString(3)).isEqualTo("admin@storeplane.local");
      }
    }
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        settings
                            .secret(PlatformSettingKey.SUPABASE_ACCESS_TOKEN)
                            .orElseThrow()
                            .reveal()))
        .isEqualTo(token);

    JsonPath trail =
        asAdmin()
            .queryParam("targetId", "supabase.access-token")
            .get("/api/v1/audit-logs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(trail.getList("action", String.class)).contains("setting.put");
    assertThat(trail.prettify()).doesNotContain(token);

    asAdmin().delete(TOKEN_PATH).then().statusCode(200).body("set", equalTo(false));
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> settings.secret(PlatformSettingKey.SUPABASE_ACCESS_TOKEN)))
        .isEmpty();
  }

  @Test
  void valuesAreStoredAsJsonAndShown() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("value", "acme-org"))
        .put(ORG_PATH)
        .then()
        .statusCode(200)
        .body("value", equalTo("acme-org"))
        .body("secret", equalTo(false));
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("value", "eu-west-2"))
        .put("/api/v1/admin/settings/supabase.default-region")
        .then()
        .statusCode(200);
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("value", "acme-org-2"))
        .put(ORG_PATH)
        .then()
        .statusCode(200);

    asAdmin().get(ORG_PATH).then().statusCode(200).body("value", equalTo("acme-org-2"));
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> settings.text(PlatformSettingKey.SUPABASE_DEFAULT_REGION)))
        .hasValue("eu-west-2");
  }

  @Test
  void badInputIsAPreciseProblemThatNeverEchoesTheValue() {
    String secretLike = "sbp_" + "f".repeat(40);
    problem("/api/v1/admin/settings/supabase.acess-token", Map.of("secret", secretLike), 404)
        .body("code", equalTo("setting-not-found"))
        .body("detail", startsWith("There is no platform setting by that name"));
    asAdmin()
        .get("/api/v1/admin/settings/no.such")
        .then()
        .statusCode(404)
        .body("code", equalTo("setting-not-found"));
    problem(TOKEN_PATH, Map.of("value", secretLike), 400)
        .body("code", equalTo("invalid-setting"))
        .body("detail", equalTo("supabase.access-token is a secret: send it as \"secret\"."));
    problem(ORG_PATH, Map.of("secret", "acme"), 400)
        .body("code", equalTo("invalid-setting"))
        .body("detail", equalTo("supabase.organization is not a secret: send it as \"value\"."));
    problem(ORG_PATH, Map.of("value", "acme org!"), 400)
        .body("code", equalTo("invalid-setting"))
        .body("detail", startsWith("supabase.organization must be a Supabase organization slug"));
    problem(ORG_PATH, Map.of("value", 42), 400)
        .body("detail", equalTo("supabase.organization must be a JSON string."));
    problem(TOKEN_PATH, Map.of("secret", "has space"), 400)
        .body("detail", startsWith("supabase.access-token must be 1 to 4096 printable"));
    problem(ORG_PATH, Map.of("value", "a", "secret", "b"), 400)
        .body("code", equalTo("validation-failed"))
        .body("errors[0].field", equalTo("value"));
    problem(ORG_PATH, Map.of(), 400).body("code", equalTo("validation-failed"));
    problem(ORG_PATH, Map.of("value", "acme", "other", 1), 400)
        .body("code", equalTo("malformed-request"));
    asAdmin().get(TOKEN_PATH).then().statusCode(200).body("set", equalTo(false));

    String trail =
        asAdmin()
            .queryParam("targetId", "supabase.access-token")
            .get("/api/v1/audit-logs")
            .then()
            .extract()
            .asString();
    assertThat(trail).contains("failure").doesNotContain(secretLike);
  }

  @Test
  void onlyPlatformAdminsReachSettings() {
    String operator = TestCallers.tokenForNewUser("operator");
    as(operator).get("/api/v1/admin/settings").then().statusCode(403);
    as(operator)
        .contentType(ContentType.JSON)
        .body(Map.of("value", "acme"))
        .put(ORG_PATH)
        .then()
        .statusCode(403);
    as(operator).delete(ORG_PATH).then().statusCode(403);
    as(TestCallers.tokenForNewUser("viewer")).get(ORG_PATH).then().statusCode(403);
  }

  private static io.restassured.response.ValidatableResponse problem(
      String path, Map<String, Object> body, int status) {
    var response =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(body)
            .put(path)
            .then()
            .statusCode(status)
            .contentType(startsWith("application/problem+json"));
    body.values()
        .forEach(
            v ->
                assertThat(response.extract().asString())
                    .doesNotContain("\"" + v + "\"")
                    .doesNotContain(": " + v + " "));
    return response;
  }
}
