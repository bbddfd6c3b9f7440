package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.TestCallers;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One lifecycle for a store's suspensions, as a new user meets it through the REST API: the two
 * suspends (an admin's, and deprovision's which locks the database login), the one resume that
 * gives everything back, the suspended token's problem, and refused transitions answering 409.
 */
@QuarkusTest
class StoreSuspensionTest {

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @ParameterizedTest
  @ValueSource(strings = {"managed-postgresql", "managed-mysql"})
  void resumeAfterDeprovisionSuspendGivesTheLoginAndTheDataBack(String type) throws Exception {
    JsonPath store = ready(type);
    String id = store.getString("id");
    readData(id).then().statusCode(200);

    deprovision(id, Map.of("action", "suspend"))
        .then()
        .statusCode(200)
        .body("databaseStatus", equalTo("suspended"));
    asAdmin()
        .get("/api/v1/stores/" + id)
        .then()
        .body("status", equalTo("active"))
        .body("databaseStatus", equalTo("suspended"))
        .body("suspensionReasons", contains("database-deprovisioned"));
    readData(id).then().statusCode(409).body("code", equalTo("store-database-suspended"));
    if (type.equals("managed-postgresql")) {
      assertThat(canLogIn(databaseName(id))).isFalse();
    }

    resume(id)
        .body("status", equalTo("active"))
        .body("databaseStatus", equalTo("active"))
        .body("suspensionReasons", nullValue());
    // The data is read with the store's own login: it works again.
    readData(id).then().statusCode(200);
    if (type.equals("managed-postgresql")) {
      assertThat(canLogIn(databaseName(id))).isTrue();
    }

    // Provisioning it again re-checks the intact database and leaves it ready.
    String jobId =
        provision(Map.of("storeId", id, "databaseType", type))
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    assertThat(ProvisioningEndToEndTest.awaitEnd(jobId).getString("status")).isEqualTo("succeeded");
    asAdmin().get("/api/v1/stores/" + id).then().body("databaseStatus", equalTo("active"));
    readData(id).then().statusCode(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"managed-postgresql", "managed-mysql"})
  void aPoolKeptAcrossASuspensionNeverServesItsEndedSessions(String type) {
    String id = ready(type).getString("id");
    readData(id).then().statusCode(200); // the store's pool is open, its connections idle

    deprovision(id, Map.of("action", "suspend")).then().statusCode(200);
    // No call while it is suspended, so only the change itself can have closed that pool: its
    // sessions were ended with the login's lock.
    resume(id).body("databaseStatus", equalTo("active"));

    readData(id).then().statusCode(200);
  }

  @Test
  void provisioningADatabaseSuspendedStoreIsRefusedUntilItIsResumed() {
    JsonPath store = ready("managed-postgresql");
    String id = store.getString("id");
    deprovision(id, Map.of("action", "suspend")).then().statusCode(200);

    provision(Map.of("storeId", id, "databaseType", "managed-postgresql"))
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("store-transition-refused"))
        .body("detail", containsString("resume"));
    asAdmin()
        .get("/api/v1/stores/" + id)
        .then()
        .body("databaseStatus", equalTo("suspended"))
        .body("provisioningJobId", equalTo(store.getString("provisioningJobId")));
  }

  @Test
  void aSuspendedStoresTokenGetsItsReasonsProblemNotUnauthorized() {
    String id = ready("managed-postgresql").getString("id");
    String token = TestCallers.tokenForStore(id);
    as(token).get("/api/v1/stores/" + id + "/data/categories").then().statusCode(200);

    asAdmin().post("/api/v1/stores/" + id + "/suspend").then().statusCode(200);
    as(token)
        .get("/api/v1/stores/" + id + "/data/categories")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("store-suspended"))
        .body("type", equalTo("urn:storeplane:problem:store-suspended"));
    as(token).get("/api/v1/stores/" + id).then().statusCode(403);
    as("garbage-token-" + id)
        .get("/api/v1/stores/" + id)
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthorized"));

    resume(id);
    as(token).get("/api/v1/stores/" + id + "/data/categories").then().statusCode(200);
  }

  @Test
  void aDatabaseSuspensionLeavesTheStoresTokenWorkingButRefusesItsData() {
    String id = ready("managed-mysql").getString("id");
    String token = TestCallers.tokenForStore(id);
    deprovision(id, Map.of("action", "suspend")).then().statusCode(200);
    as(token).get("/api/v1/stores/" + id).then().statusCode(200);
    as(token)
        .get("/api/v1/stores/" + id + "/data/categories")
        .then()
        .statusCode(409)
        .body("code", equalTo("store-database-suspended"));
  }

  @Test
  void bothSuspensionsAreCarriedAndOneResumeLiftsThem() {
    String id = ready("managed-postgresql").getString("id");
    asAdmin().post("/api/v1/stores/" + id + "/suspend").then().statusCode(200);
    deprovision(id, Map.of("action", "suspend")).then().statusCode(200);
    asAdmin()
        .get("/api/v1/stores/" + id)
        .then()
        .body("status", equalTo("suspended"))
        .body("databaseStatus", equalTo("suspended"))
        .body("suspensionReasons", containsInAnyOrder("admin", "database-deprovisioned"));

    resume(id).body("status", equalTo("active")).body("databaseStatus", equalTo("active"));
    readData(id).then().statusCode(200);
    // Resuming a store that is not suspended changes nothing.
    resume(id).body("status", equalTo("active"));
  }

  @Test
  void suspendingADatabaseThatNeverBecameReadyIsARefusedTransition() {
    JsonPath store = TestCallers.newStore("Never ready", "nr", DatabaseOptions.unreachable());
    ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    String id = store.getString("id");
    asAdmin().get("/api/v1/stores/" + id).then().body("databaseStatus", equalTo("failed"));

    deprovision(id, Map.of("action", "suspend"))
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("store-transition-refused"))
        .body("detail", containsString("failed"));
  }

  @Test
  void aDeletedStoreCannotBeResumed() {
    String id = TestCallers.newStore();
    asAdmin().delete("/api/v1/stores/" + id).then().statusCode(200);
    asAdmin()
        .post("/api/v1/stores/" + id + "/resume")
        .then()
        .statusCode(409)
        .body("code", equalTo("store-state-conflict"));
  }

  private static JsonPath ready(String type) {
    JsonPath store = TestCallers.newStore("Suspension store", "su", Map.of("type", type));
    JsonPath done = ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    return store;
  }

  private static ValidatableResponse resume(String id) {
    return asAdmin().post("/api/v1/stores/" + id + "/resume").then().statusCode(200);
  }

  private static Response readData(String id) {
    return asAdmin().get("/api/v1/stores/" + id + "/data/categories");
  }

  private static String databaseName(String id) {
    return asAdmin().get("/api/v1/stores/" + id).jsonPath().getString("database.name");
  }

  private static Response deprovision(String storeId, Map<String, ?> body) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/stores/" + storeId + "/deprovision");
  }

  private static Response provision(Map<String, ?> body) {
    return asAdmin().contentType(ContentType.JSON).body(body).post("/api/v1/provision");
  }

  private static boolean canLogIn(String role) throws SQLException {
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        PreparedStatement s =
            c.prepareStatement("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?")) {
      s.setString(1, role);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("role " + role).isTrue();
        return rs.getBoolean(1);
      }
    }
  }
}
