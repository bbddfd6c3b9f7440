package io.storeplane.api.jobs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's metrics per kind and the bus's counters, as Prometheus scrapes them (on the
 * management interface).
 */
@QuarkusTest
class JobMetricsTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void aFinishedJobShowsInTheKindsMetrics() {
    JsonPath store = TestCallers.newStore("Metered", "metered", Map.of("type", "managed-mysql"));
    JsonPath done = JobPolling.awaitEnd(store.getString("provisioningJobId"), status -> {});
    assertThat(done.getString("status")).isEqualTo("succeeded");

    String metrics =
        given()
            .get(URI.create(management.toString()).resolve("/q/metrics"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics)
        .contains("storeplane_jobs_runs_seconds_count{kind=\"provisioning\",outcome=\"succeeded\"")
        .contains("storeplane_jobs_claim_delay_seconds_count{kind=\"provisioning\"")
        .contains("storeplane_jobs_queued{kind=\"provisioning\"")
        .contains("storeplane_jobs_running{kind=\"provisioning\"")
        .contains("storeplane_jobs_oldest_due_seconds{kind=\"provisioning\"")
        .contains("storeplane_bus_published_total")
        .contains("storeplane_bus_delivered_backstop_total")
        .contains("storeplane_bus_reconnects_total");
  }
}
