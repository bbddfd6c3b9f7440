package io.storeplane.api.security;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.TestCallers;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditTrailTest {

  @Inject DataSource master;

  @Test
  void mutatingCallsAreRecordedWithActorTargetOutcomeAndRequestId() {
    String slug = "audit-" + UUID.randomUUID().toString().substring(0, 8);
    String id =
        asAdmin()
            .header("X-Request-Id", "audit-test-" + slug)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Audited", "slug", slug, "plan", "free"))
            .post("/api/v1/stores")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin().post("/api/v1/stores/" + id + "/suspend").then().statusCode(200);

    JsonPath trail =
        asAdmin()
            .queryParam("targetId", id)
            .get("/api/v1/audit-logs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(trail.getList("action", String.class))
        .containsExactly("store.suspend", "store.create");
    assertThat(trail.getString("[1].outcome")).isEqualTo("success");
    assertThat(trail.getString("[1].actorLabel")).isEqualTo("admin@storeplane.local");
    assertThat(trail.getString("[1].requestId")).isEqualTo("audit-test-" + slug);
    assertThat(trail.getString("[1].sourceIp")).isNotBlank();
    assertThat(trail.getString("[1].details.slug")).isEqualTo(slug);
  }

  @Test
  void deniedAndFailedCallsAreRecordedToo() {
    String viewer = TestCallers.tokenForNewUser("viewer");
    String store = TestCallers.newStore();
    as(viewer).post("/api/v1/stores/" + store + "/suspend").then().statusCode(403);
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("plan", "no-such-plan"))
        .patch("/api/v1/stores/" + store)
        .then()
        .statusCode(400);

    JsonPath trail =
        asAdmin()
            .queryParam("targetId", store)
            .get("/api/v1/audit-logs")
            .then()
            .extract()
            .jsonPath();
    assertThat(trail.getList("outcome", String.class)).contains("denied", "failure");
  }

  @Test
  void aDeniedCallWithAnOverlongOrNulTargetIsRecordedStill() {
    String viewer = TestCallers.tokenForNewUser("viewer");
    String store = TestCallers.newStore();
    String overlong = store + "x".repeat(40);
    as(viewer).post("/api/v1/stores/" + overlong + "/suspend").then().statusCode(403);

    // The target is kept to its column (61 characters and "..."), and the row is written.
    String kept = overlong.substring(0, 61) + "...";
    JsonPath trail =
        asAdmin()
            .queryParam("targetId", kept)
            .get("/api/v1/audit-logs")
            .then()
            .extract()
            .jsonPath();
    assertThat(trail.getList("outcome", String.class)).containsExactly("denied");
    assertThat(trail.getString("[0].action")).isEqualTo("store.suspend");

    String withNul = store.substring(0, 8) + "%00" + store.substring(8);
    as(viewer)
        .urlEncodingEnabled(false)
        .post("/api/v1/stores/" + withNul + "/suspend")
        .then()
        .statusCode(403);
    JsonPath nul =
        asAdmin()
            .queryParam("targetId", store.substring(0, 8) + "\uFFFD" + store.substring(8))
            .get("/api/v1/audit-logs")
            .then()
            .extract()
            .jsonPath();
    assertThat(nul.getList("outcome", String.class)).containsExactly("denied");
  }

  @Test
  void theTrailCannotBeChangedEvenWithDirectDatabaseAccess() throws Exception {
    TestCallers.newStore();
    try (var connection = master.getConnection();
        var statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_logs SET outcome = 'SUCCESS'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_logs"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void onlyAdminsReadTheTrail() {
    as(TestCallers.tokenForNewUser("operator")).get("/api/v1/audit-logs").then().statusCode(403);
    asAdmin().queryParam("from", "yesterday").get("/api/v1/audit-logs").then().statusCode(400);
  }
}
