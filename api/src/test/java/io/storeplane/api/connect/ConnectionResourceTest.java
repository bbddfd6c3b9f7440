package io.storeplane.api.connect;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ConnectionManager in the running application, with the real resolver (stores, plans and
 * integration configs in the master database, secrets decrypted in memory): a store registered
 * through the API is reached, shown by the admin endpoint, rebuilt when its credentials change, and
 * refused as soon as it is suspended.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionResourceTest {

  private static final String ROLE = "sp_api_rotated_" + Long.toHexString(System.nanoTime());

  @Inject ConnectionManager connections;
  @Inject IntegrationService integrations;

  private TestDatabase database;

  @BeforeAll
  void storeDatabase() throws Exception {
    DriverClassLoaderGuard.installTestPolicy();
    database = TestDatabases.postgres().createDatabase("apiconnect");
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'rotated-secret'");
    }
  }

  @AfterAll
  void drop() throws Exception {
    database.close();
    try (Connection connection = TestDatabases.postgres().connectAdmin("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP ROLE IF EXISTS " + ROLE);
    }
  }

  @Test
  void aRegisteredStoreIsReachedShownRebuiltAndRefusedWhenSuspended() {
    String slug = "conn-" + UUID.randomUUID().toString().substring(0, 8);
    UUID id = UUID.fromString(register(slug));
    // The registration's provisioning job drops this instance's route when it ends; let it end
    // first, so the checks below see only the changes this test makes.
    JobPolling.awaitEnd(
        asAdmin().get("/api/v1/stores/" + id).jsonPath().getString("provisioningJobId"),
        status -> {});

    asAdmin()
        .get("/api/v1/stores/" + id + "/connection")
        .then()
        .statusCode(200)
        .body("poolName", equalTo("store-" + slug))
        .body("backend", equalTo("postgresql"))
        .body("endpoint", equalTo(host() + ":" + port() + "/" + database.name()))
        .body("configVersion", equalTo(1))
        .body("pool", nullValue())
        .body("breaker.state", equalTo("closed"))
        .body("password", nullValue());

    assertThat(currentUser(id)).isEqualTo("postgres");

    asAdmin()
        .get("/api/v1/stores/" + id + "/connection")
        .then()
        .statusCode(200)
        .body("routed", equalTo(true))
        .body("pool.state", equalTo("open"))
        .body("pool.maxSize", equalTo(1))
        .body("budget.limit", equalTo(40))
        .body("budget.reserved", not(equalTo(0)));

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("host", host());
    settings.put("port", port());
    settings.put("database", database.name());
    settings.put("username", ROLE);
    settings.put("ssl", false);
    integrations.save(
        id,
        IntegrationKind.DATABASE,
        "postgresql",
        settings,
        IntegrationSecrets.of(Map.of("password", SecretString.of("rotated-secret"))));
    assertThat(connections.checkVersions()).as("as another instance would see it").isOne();

    assertThat(currentUser(id)).isEqualTo(ROLE);
    asAdmin()
        .get("/api/v1/stores/" + id + "/connection")
        .then()
        .body("configVersion", equalTo(2))
        .body("pool.configVersion", equalTo(2));

    asAdmin().post("/api/v1/stores/" + id + "/suspend").then().statusCode(200);

    ProvisioningException refused =
        catchThrowableOfType(ProvisioningException.class, () -> connections.forStore(id));
    assertThat(refused.code()).isEqualTo(ProvisioningError.STORE_DATABASE_SUSPENDED);
    assertThat(refused.getMessage()).contains("store-" + slug);

    asAdmin().post("/api/v1/stores/" + id + "/resume").then().statusCode(200);
    assertThat(currentUser(id)).isEqualTo(ROLE);
  }

  @Test
  void aStoreWithoutADatabaseShowsWhyItIsNotServed() {
    String id = TestCallers.newStore();

    asAdmin()
        .get("/api/v1/stores/" + id + "/connection")
        .then()
        .statusCode(200)
        .body("backend", equalTo("store-not-connected"))
        .body("endpoint", nullValue())
        .body("pool", nullValue());
  }

  @Test
  void anUnknownStoreIsNotFoundAndTheEndpointIsForPlatformUsersOnly() {
    asAdmin()
        .get("/api/v1/stores/" + UUID.randomUUID() + "/connection")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("store-not-found"));
    asAdmin().get("/api/v1/stores/not-a-uuid/connection").then().statusCode(404);

    String store = TestCallers.newStore();
    as(TestCallers.tokenForStore(store))
        .get("/api/v1/stores/" + store + "/connection")
        .then()
        .statusCode(403);
    as(TestCallers.tokenForNewUser("viewer"))
        .get("/api/v1/stores/" + store + "/connection")
        .then()
        .statusCode(200);
  }

  private String register(String slug) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "Connected store",
                "slug",
                slug,
                "plan",
                "free",
                "database",
                Map.of(
                    "type",
                    "postgresql",
                    "host",
                    host(),
                    "port",
                    port(),
                    "database",
                    database.name(),
                    "username",
                    "postgres",
                    "password",
                    "unused-with-trust")))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private String host() {
    return database.server().host();
  }

  private int port() {
    return database.server().port();
  }

  private String currentUser(UUID id) {
    return String.valueOf(
        connections
            .forStore(id)
            .jdbc()
            .orElseThrow()
            .query("SELECT current_user AS who")
            .get(0)
            .get("who"));
  }
}
