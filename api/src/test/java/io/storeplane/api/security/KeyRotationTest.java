package io.storeplane.api.security;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.storeplane.api.TestCallers;
import io.storeplane.master.integration.IntegrationConfig;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.secret.KeyRing;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.secret.SecretLocation;
import io.storeplane.master.settings.PlatformSettingKey;
import io.storeplane.master.settings.PlatformSettings;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Rotation with two configured keys, {@code old} and the active {@code new}: a secret sealed under
 * {@code old} stays readable until the rotation pass re-seals it under {@code new}.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.TwoKeys.class)
class KeyRotationTest {

  static final String OLD = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static final String NEW = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

  /** The old key and the new, active one. */
  public static class TwoKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "storeplane.crypto.keys.old", OLD,
          "storeplane.crypto.keys.new", NEW,
          "storeplane.crypto.active-key", "new");
    }
  }

  @Inject DataSource master;
  @Inject IntegrationService integrations;
  @Inject PlatformSettings settings;

  @Test
  void oldKeySecretsStayReadableUntilRotatedThenOnlyTheNewKeyIsNeeded() throws Exception {
    String storeId = SecretsAtRestTest.createExistingDatabaseStore("rotate-me");
    IntegrationConfig config = config(storeId);
    String aad =
        SecretLocation.of("integration_configs", config.id, "secret_ciphertext").associatedData();
    SecretCipher oldOnly =
        new SecretCipher(KeyRing.builder().addBase64Key("old", OLD).activeKeyId("old").build());
    setRawCiphertext(config.id, oldOnly.encrypt("{\"password\":\"rotate-me\"}", aad));

    assertThat(readPassword(storeId)).isEqualTo("rotate-me");
    asAdmin()
        .get("/api/v1/admin/keys")
        .then()
        .statusCode(200)
        .body("pending", greaterThanOrEqualTo(1));

    asAdmin()
        .post("/api/v1/admin/keys/rotate")
        .then()
        .statusCode(200)
        .body("activeKeyId", equalTo("new"))
        .body("rotated", greaterThanOrEqualTo(1));

    String rotated = rawCiphertext(config.id);
    assertThat(rotated).startsWith("v1:new:");
    SecretCipher newOnly =
        new SecretCipher(KeyRing.builder().addBase64Key("new", NEW).activeKeyId("new").build());
    assertThat(newOnly.decrypt(rotated, aad)).contains("rotate-me");
    asAdmin().get("/api/v1/admin/keys").then().body("pending", equalTo(0));
    asAdmin().post("/api/v1/admin/keys/rotate").then().statusCode(200).body("rotated", equalTo(0));
  }

  @Test
  void thePlatformsSupabaseTokenIsResealedToo() throws Exception {
    String token = "sbp_" + "a1".repeat(20);
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("secret", token))
        .put("/api/v1/admin/settings/supabase.access-token")
        .then()
        .statusCode(200);
    String aad =
        SecretLocation.of("platform_settings", "supabase.access-token", "secret_ciphertext")
            .associatedData();
    SecretCipher oldOnly =
        new SecretCipher(KeyRing.builder().addBase64Key("old", OLD).activeKeyId("old").build());
    setRawSettingCiphertext(oldOnly.encrypt(token, aad));
    assertThat(platformToken()).isEqualTo(token);

    asAdmin().post("/api/v1/admin/keys/rotate").then().statusCode(200);

    String rotated = rawSettingCiphertext();
    assertThat(rotated).startsWith("v1:new:");
    SecretCipher newOnly =
        new SecretCipher(KeyRing.builder().addBase64Key("new", NEW).activeKeyId("new").build());
    assertThat(newOnly.decrypt(rotated, aad)).isEqualTo(token);
    assertThat(platformToken()).isEqualTo(token);
    asAdmin().delete("/api/v1/admin/settings/supabase.access-token").then().statusCode(200);
  }

  private String platformToken() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> settings.secret(PlatformSettingKey.SUPABASE_ACCESS_TOKEN).orElseThrow().reveal());
  }

  @Test
  void onlyAdminsRotate() {
    as(TestCallers.tokenForNewUser("operator"))
        .post("/api/v1/admin/keys/rotate")
        .then()
        .statusCode(403);
  }

  private void setRawCiphertext(UUID configId, String ciphertext) throws Exception {
    setRaw("integration_configs", "id", configId, ciphertext);
  }

  private String rawCiphertext(UUID configId) throws Exception {
    return raw("integration_configs", "id", configId);
  }

  private void setRawSettingCiphertext(String ciphertext) throws Exception {
    setRaw("platform_settings", "key", "supabase.access-token", ciphertext);
  }

  private String rawSettingCiphertext() throws Exception {
    return raw("platform_settings", "key", "supabase.access-token");
  }

  /** Writes {@code secret_ciphertext} of one row behind the application's back. */
  private void setRaw(String table, String idColumn, Object id, String ciphertext)
      throws Exception {
    try (var connection = master.getConnection();
        var update =
            connection.prepareStatement(
                "UPDATE " + table + " SET secret_ciphertext = ? WHERE " + idColumn + " = ?")) {
      update.setString(1, ciphertext);
      update.setObject(2, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private String raw(String table, String idColumn, Object id) throws Exception {
    try (var connection = master.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT secret_ciphertext FROM " + table + " WHERE " + idColumn + " = ?")) {
      select.setObject(1, id);
      try (var row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  private IntegrationConfig config(String storeId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                integrations
                    .find(UUID.fromString(storeId), IntegrationKind.DATABASE)
                    .orElseThrow());
  }

  private String readPassword(String storeId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                integrations
                    .secretsOf(
                        integrations
                            .find(UUID.fromString(storeId), IntegrationKind.DATABASE)
                            .orElseThrow())
                    .get("password")
                    .orElseThrow()
                    .reveal());
  }
}
