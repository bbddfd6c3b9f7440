package io.storeplane.api.security;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.storeplane.master.integration.IntegrationConfig;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.secret.SecretException;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecretsAtRestTest {

  @Inject DataSource master;
  @Inject IntegrationService integrations;

  @Test
  void rawRowsHoldNoPlaintextAndTheApiNeverReturnsIt() throws Exception {
    String password = "pw-" + UUID.randomUUID();
    String id = createExistingDatabaseStore(password);
    asAdmin()
        .get("/api/v1/stores/" + id)
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(password)));

    try (var connection = master.getConnection();
        var statement =
            connection.prepareStatement(
                "SELECT CAST(settings AS TEXT), secret_ciphertext FROM integration_configs WHERE store_id = ?")) {
      statement.setObject(1, UUID.fromString(id));
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).contains("93.184.216.34").doesNotContain(password);
        assertThat(row.getString(2)).startsWith("v1:").doesNotContain(password);
      }
    }
    IntegrationConfig config = config(id);
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> integrations.secretsOf(config).get("password").orElseThrow().reveal()))
        .isEqualTo(password);
  }

  @Test
  void aCiphertextMovedToAnotherStoresRowDoesNotDecrypt() throws Exception {
    String a = createExistingDatabaseStore("password-a");
    String b = createExistingDatabaseStore("password-b");
    try (var connection = master.getConnection();
        var swap =
            connection.prepareStatement(
                "UPDATE integration_configs SET secret_ciphertext ="
                    + " (SELECT secret_ciphertext FROM integration_configs WHERE store_id = ?)"
                    + " WHERE store_id = ?")) {
      swap.setObject(1, UUID.fromString(a));
      swap.setObject(2, UUID.fromString(b));
      assertThat(swap.executeUpdate()).isEqualTo(1);
    }
    IntegrationConfig moved = config(b);
    assertThatThrownBy(
            () -> QuarkusTransaction.requiringNew().call(() -> integrations.secretsOf(moved)))
        .isInstanceOf(SecretException.class)
        .hasMessageNotContaining("password-a");
  }

  private IntegrationConfig config(String storeId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                integrations
                    .find(UUID.fromString(storeId), IntegrationKind.DATABASE)
                    .orElseThrow());
  }

  static String createExistingDatabaseStore(String password) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "Existing",
                "slug",
                "ex-" + UUID.randomUUID().toString().substring(0, 8),
                "plan",
                "starter",
                "database",
                Map.of(
                    "type", "postgresql",
                    "host", "93.184.216.34",
                    "port", 5432,
                    "database", "shop",
                    "username", "shop",
                    "password", password)))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
