package io.storeplane.api.jobs;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jobs of every kind in the one status model: a provisioning job read through the generic resource,
 * the template refresh schedule and its runs (a recurring kind running in the application),
 * filters, and bad input as problems.
 */
@QuarkusTest
class JobResourceTest {

  @Test
  void aProvisioningJobReadsTheSameThroughTheGenericResource() {
    JsonPath store = TestCallers.newStore("Listed", "listed", Map.of("type", "managed-mysql"));
    String jobId = store.getString("provisioningJobId");
    JobPolling.awaitEnd(jobId, status -> {});

    JsonPath job =
        asAdmin().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
    assertThat(job.getString("kind")).isEqualTo("provisioning");
    assertThat(job.getString("storeId")).isEqualTo(store.getString("id"));
    assertThat(job.getString("status")).isEqualTo("succeeded");
    assertThat(job.getInt("progress")).isEqualTo(100);
    assertThat(job.getInt("unitsDone")).isEqualTo(job.getInt("unitsTotal")).isPositive();
    assertThat(job.getList("steps.step"))
        .containsExactly(
            "test-connection",
            "inspect-existing-tables",
            "create-database",
            "apply-schema",
            "seed",
            "save-connection",
            "activate-store");
    assertThat(job.getString("parameters")).as("parameters are not shown").isNull();

    asAdmin()
        .queryParam("kind", "provisioning")
        .queryParam("storeId", store.getString("id"))
        .get("/api/v1/jobs")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].id", equalTo(jobId))
        .body("totalItems", equalTo(1));
  }

  @Test
  void theTemplateRefreshIsARecurringJobWithItsSchedule() {
    // Registered as the instance starts.
    JsonPath schedules =
        asAdmin().get("/api/v1/jobs/schedules").then().statusCode(200).extract().jsonPath();
    assertThat(schedules.getString("find { it.name == 'provisioning.templates' }.kind"))
        .isEqualTo("provisioning.templates");
    assertThat(schedules.getString("find { it.name == 'provisioning.templates' }.cadence"))
        .startsWith("delay:");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                asAdmin()
                        .queryParam("kind", "provisioning.templates")
                        .queryParam("status", "succeeded")
                        .get("/api/v1/jobs")
                        .jsonPath()
                        .getInt("totalItems")
                    > 0);
    String runId =
        asAdmin()
            .queryParam("kind", "provisioning.templates")
            .queryParam("status", "succeeded")
            .get("/api/v1/jobs")
            .jsonPath()
            .getString("items[0].id");
    JsonPath run = asAdmin().get("/api/v1/jobs/" + runId).jsonPath();
    assertThat(run.getString("scheduleName")).isEqualTo("provisioning.templates");
    assertThat(run.getString("periodStart")).isNotNull();
    assertThat(run.getList("steps.step", String.class)).allMatch(s -> s.startsWith("template-"));
  }

  @Test
  void badFiltersAndUnknownJobsAreProblemsAndStoreTokensCannotRead() {
    asAdmin()
        .queryParam("status", "sleeping")
        .get("/api/v1/jobs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    asAdmin()
        .queryParam("storeId", "not-a-uuid")
        .get("/api/v1/jobs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    asAdmin()
        .get("/api/v1/jobs/not-a-uuid")
        .then()
        .statusCode(404)
        .body("code", equalTo("job-not-found"));
    asAdmin()
        .get("/api/v1/jobs/00000000-0000-0000-0000-000000000000")
        .then()
        .statusCode(404)
        .body("code", equalTo("job-not-found"));

    as(TestCallers.tokenForNewUser("viewer")).get("/api/v1/jobs").then().statusCode(200);
    as(TestCallers.tokenForStore(TestCallers.newStore()))
        .get("/api/v1/jobs")
        .then()
        .statusCode(403);
  }
}
