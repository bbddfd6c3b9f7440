package io.storeplane.api.security;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

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
        assertThat(row.getString(1)).contains("127.0.0.1").doesNotContain(password);
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
    copyCiphertext(a, b);
    IntegrationConfig moved = config(b);
    assertThatThrownBy(
            () -> QuarkusTransaction.requiringNew().call(() -> integrations.secretsOf(moved)))
        .isInstanceOf(SecretException.class)
        .hasMessageNotContaining("password-a");
  }

  /**
   * A store whose sealed connection secret does not open cannot be served until an operator repairs
   * it: a store data call answers 503 with the secret's code, not a 500, and never the secret.
   */
  @Test
  void aCiphertextThatDoesNotOpenOnAStoreDataCallIsA503Problem() throws Exception {
    String a = createExistingDatabaseStore("password-c");
    String b = createExistingDatabaseStore("password-d");
    copyCiphertext(a, b);

    asAdmin()
        .get("/api/v1/stores/" + b + "/data/products")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("type", equalTo("urn:storeplane:problem:secret-authentication-failed"))
        .body("code", equalTo("secret-authentication-failed"))
        .body("status", equalTo(503))
        .body("requestId", notNullValue())
        .body(not(containsString("password-c")))
        .body(not(containsString("password-d")));
  }

  /** Writes store {@code from}'s sealed connection secret into store {@code to}'s row. */
  private void copyCiphertext(String from, String to) throws Exception {
    try (var connection = master.getConnection();
        var swap =
            connection.prepareStatement(
                "UPDATE integration_configs SET secret_ciphertext ="
                    + " (SELECT secret_ciphertext FROM integration_configs WHERE store_id = ?)"
                    + " WHERE store_id = ?")) {
      swap.setObject(1, UUID.fromString(from));
      swap.setObject(2, UUID.fromString(to));
      assertThat(swap.executeUpdate()).isEqualTo(1);
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
                    // Loopback, nothing listening: test traffic never leaves the machine.
                    "host", "127.0.0.1",
                    "port", 1,
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
