package io.storeplane.api.supabase;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.ProjectScript;
import io.storeplane.testing.supabase.SupabaseDouble;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's Supabase token, organization and default region set only through {@code
 * /api/v1/admin/settings}: the configuration holds a token the double refuses and no organization,
 * so each step of the order (setting first, configuration second) shows in how a create job ends.
 */
@QuarkusTest
@TestProfile(SupabaseSettingsTest.TokenThroughTheApi.class)
class SupabaseSettingsTest {

  /** The double, with a refused token and no organization in the configuration. */
  public static class TokenThroughTheApi implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(
              SupabaseDoubleProfile.DoubleResource.class,
              Map.of("platform-token-in-configuration", "false")));
    }
  }

  private static final String SETTINGS = "/api/v1/admin/settings/";

  @AfterEach
  void clear() {
    for (String key :
        List.of("supabase.access-token", "supabase.organization", "supabase.default-region")) {
      asAdmin().delete(SETTINGS + key).then().statusCode(200);
    }
  }

  @Test
  void aCreateStoreWorksWithTheTokenSetOnlyThroughTheApi() {
    SupabaseDouble supabase = SupabaseDoubleProfile.supabase;
    supabase.nextProjects(ProjectScript.healthyAfter(1));

    JsonPath noOrganization = createAndAwait();
    assertThat(noOrganization.getString("status")).isEqualTo("failed");
    assertThat(noOrganization.getString("error.code")).isEqualTo("database-option-not-available");
    assertThat(noOrganization.getString("error.message")).contains("supabase.organization");

    put("supabase.organization", Map.of("value", supabase.organizationSlug()));
    JsonPath configuredToken = createAndAwait();
    assertThat(configuredToken.getString("status")).isEqualTo("failed");
    assertThat(configuredToken.getString("error.code")).isEqualTo("supabase-unauthorized");

    put("supabase.access-token", Map.of("secret", supabase.accessToken()));
    put("supabase.default-region", Map.of("value", "ap-south-1"));
    int before = supabase.projects().size();
    JsonPath done = createAndAwait();
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(done.prettify()).doesNotContain(supabase.accessToken());
    assertThat(supabase.projects()).hasSize(before + 1);
    String ref =
        asAdmin()
            .get("/api/v1/stores/" + done.getString("storeId"))
            .jsonPath()
            .getString("database.name");
    DoubleProject project = supabase.project(ref).orElseThrow();
    assertThat(project.region()).isEqualTo("ap-south-1");
    assertThat(project.organizationSlug()).isEqualTo(supabase.organizationSlug());
  }

  private static void put(String key, Map<String, Object> body) {
    asAdmin().contentType(ContentType.JSON).body(body).put(SETTINGS + key).then().statusCode(200);
  }

  private static JsonPath createAndAwait() {
    String jobId =
        TestCallers.newStore("Settings store", "supa-s", Map.of("type", "supabase", "create", true))
            .getString("provisioningJobId");
    return JobPolling.awaitEnd(jobId, status -> {});
  }
}
