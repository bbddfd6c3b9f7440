package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.TestCallers;
import io.storeplane.provisioning.guard.OutboundGuard;
import io.storeplane.provisioning.guard.OutboundGuards;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Managed servers and the outbound policy (issue 14, finding 1): a server registered through the
 * API passes the same policy as an existing database, at registration and at every later
 * connection; only platform admins register and drain servers; a host that is neither a name nor an
 * address is a 400.
 */
@QuarkusTest
class DatabaseServerPolicyTest {

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @Test
  void operatorsReadServersButOnlyPlatformAdminsRegisterOrDrainThem() {
    String operator = TestCallers.tokenForNewUser("operator");
    as(operator).get("/api/v1/database-servers").then().statusCode(200);
    as(operator)
        .contentType(ContentType.JSON)
        .body(server("op", "mysql", "localhost", 3306, 1))
        .post("/api/v1/database-servers")
        .then()
        .statusCode(403);
    String id =
        asAdmin()
            .get("/api/v1/database-servers")
            .jsonPath()
            .getString("find { it.name == 'default-mysql' }.id");
    as(operator).post("/api/v1/database-servers/" + id + "/drain").then().statusCode(403);
    asAdmin()
        .get("/api/v1/database-servers")
        .then()
        .body("find { it.name == 'default-mysql' }.status", equalTo("active"));
  }

  @Test
  void aHostThatIsNeitherANameNorAnAddressIs400WithoutEchoingIt() {
    for (String host :
        List.of(
            "[::1",
            "a..b",
            "-x",
            "x-.example.com",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "::1::2",
            "db host",
            "a".repeat(64) + ".example.com",
            String.join(
                ".", List.of("a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(63))))) {
      Response response =
          asAdmin()
              .contentType(ContentType.JSON)
              .body(server("bad", "postgresql", host, 5432, 1))
              .post("/api/v1/database-servers");
      response
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("code", equalTo("validation-failed"))
          .body("errors.field", org.hamcrest.Matchers.hasItem("host"));
      assertThat(response.asString()).as(host).doesNotContain(host);
    }
  }

  @Test
  void underTheProductionPolicyRegisteringLoopbackIsRefusedWithThePolicysProblem() {
    String name = "loop-" + UUID.randomUUID().toString().substring(0, 8);
    withProductionPolicy(
        () ->
            asAdmin()
                .contentType(ContentType.JSON)
                .body(server(name, "mysql", "127.0.0.1", 3306, 10))
                .post("/api/v1/database-servers")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("connection-denied-loopback")));
    assertThat(asAdmin().get("/api/v1/database-servers").jsonPath().getList("name"))
        .doesNotContain(name);
  }

  /**
   * A server registered while the policy allowed it (an older release, or a policy tightened since)
   * gets no new store, and the stores already on it are not reached: the platform does not connect
   * to it.
   */
  @Test
  void aServerThePolicyNowRefusesGetsNoStoreAndIsNotConnectedTo() {
    String name = "refused-" + UUID.randomUUID().toString().substring(0, 8);
    String serverId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(server(name, "mysql", "localhost", 3306, 1_000_000))
            .post("/api/v1/database-servers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    try {
      JsonPath placed = provisioned();
      assertThat(placed.getString("database.serverId")).isEqualTo(serverId);
      String storeToken = TestCallers.tokenForStore(placed.getString("id"));

      withProductionPolicy(
          () -> {
            JsonPath next = provisioned();
            assertThat(next.getString("database.serverId")).isNotEqualTo(serverId);
            asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("action", "suspend"))
                .post("/api/v1/stores/" + placed.getString("id") + "/deprovision")
                .then()
                .statusCode(422)
                .body("code", equalTo("connection-denied-loopback"));
            // The store pool's socket factory refuses the connection. In a packaged application
            // that is 422 connection-denied-loopback; here the drivers load their own copy of the
            // guard, whose exception the connection manager cannot name, so it is 503.
            int status =
                as(storeToken)
                    .get("/api/v1/stores/" + placed.getString("id") + "/data/categories")
                    .then()
                    .contentType("application/problem+json")
                    .extract()
                    .statusCode();
            assertThat(status).isIn(422, 503);
          });
      asAdmin()
          .get("/api/v1/stores/" + placed.getString("id"))
          .then()
          .body("databaseStatus", not(equalTo("suspended")));
    } finally {
      asAdmin().post("/api/v1/database-servers/" + serverId + "/drain").then().statusCode(200);
    }
  }

  /** A new managed-mysql store, provisioned to the end; the store as the API shows it. */
  private static JsonPath provisioned() {
    JsonPath store =
        TestCallers.newStore("Policy store", "policy", Map.of("type", "managed-mysql"));
    JsonPath job = ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded");
    return asAdmin().get("/api/v1/stores/" + store.getString("id")).jsonPath();
  }

  /** Runs {@code body} under the production outbound policy, in every copy of the guard. */
  private static void withProductionPolicy(Runnable body) {
    OutboundGuard previous = OutboundGuards.install(OutboundGuard.strict());
    DriverClassLoaderGuard.installStrictPolicy();
    try {
      body.run();
    } finally {
      OutboundGuards.install(previous);
      DriverClassLoaderGuard.installTestPolicy();
    }
  }

  private static Map<String, Object> server(
      String name, String engine, String host, int port, int maxStores) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("engine", engine);
    body.put("host", host);
    body.put("port", port);
    body.put("adminUsername", "root");
    body.put("adminPassword", "");
    body.put("maxStores", maxStores);
    return body;
  }
}
