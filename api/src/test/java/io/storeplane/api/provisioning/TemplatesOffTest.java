package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.TemplateDatabases;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With templates switched off, a managed PostgreSQL store is migrated by Flyway even when a ready
 * template exists on its server (built earlier, or by another instance where templates are on).
 */
@QuarkusTest
@TestProfile(TemplatesOffTest.TemplatesOff.class)
class TemplatesOffTest {

  /** The fast path switched off. */
  public static class TemplatesOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("storeplane.provisioning.template.enabled", "false");
    }
  }

  @Inject TemplateDatabases templates;
  @Inject DatabaseServerService servers;

  @Test
  void aReadyTemplateIsNotClonedWhenTemplatesAreOff() {
    DatabaseServer server =
        servers.list().stream()
            .map(DatabaseServerService.ServerUsage::server)
            .filter(s -> s.name.equals("default-postgresql"))
            .findFirst()
            .orElseThrow();
    await().atMost(Duration.ofSeconds(60)).until(() -> templateBuilt(server));
    String slug = "tpl-off-" + UUID.randomUUID().toString().substring(0, 8);
    JsonPath store =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "Templates off",
                    "slug",
                    slug,
                    "plan",
                    "free",
                    "database",
                    Map.of("type", "managed-postgresql")))
            .post("/api/v1/stores")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();

    JsonPath done = JobPolling.awaitEnd(store.getString("provisioningJobId"), status -> {});

    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(done.getString("steps.find { it.step == 'create-database' }.message"))
        .startsWith("Created database");
    assertThat(done.getString("steps.find { it.step == 'apply-schema' }.message"))
        .startsWith("Migrated from version 0");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("action", "purge", "confirm", slug))
        .post("/api/v1/stores/" + store.getString("id") + "/deprovision")
        .then()
        .statusCode(200);
  }

  /** Builds the template unless it is there (or another instance is building it): is it there? */
  private boolean templateBuilt(DatabaseServer server) throws Exception {
    templates.ensure(server);
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        PreparedStatement s =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ? AND datistemplate")) {
      s.setString(1, DatabaseNames.template(ClientSchema.currentVersion()));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
