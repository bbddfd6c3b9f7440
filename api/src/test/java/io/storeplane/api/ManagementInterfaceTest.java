package io.storeplane.api;

import static io.restassured.RestAssured.given;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics live on the management interface, a port of their own (issue 14, finding 2):
 * the main port answers neither (but readiness's bare status, for a load balancer), and a metric's
 * {@code uri} label is the route template, never a raw path with an id in it.
 */
@QuarkusTest
class ManagementInterfaceTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void theMainPortServesNeitherHealthNorMetrics() {
    for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/live"}) {
      given().get(path).then().statusCode(404);
    }
  }

  @Test
  void theMainPortAnswersReadinessWithItsStatusOnly() {
    // For a load balancer checking the port it sends traffic to: the status, never the checks.
    String body = given().get("/q/health/ready").then().statusCode(200).extract().asString();
    assertThat(JsonPath.from(body).getMap("$")).containsExactlyEntriesOf(Map.of("status", "UP"));
  }

  @Test
  void healthAndMetricsAnswerOnTheManagementPort() throws Exception {
    HttpResponse<String> ready = get("/q/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    JsonPath health = JsonPath.from(ready.body());
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getList("checks.name")).contains("Database connections health check");

    HttpResponse<String> metrics = get("/q/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("http_server_requests_seconds_count");
  }

  @Test
  void theUriLabelIsTheRouteTemplateNeverTheRawPath() throws Exception {
    String unknownStore = UUID.randomUUID().toString();
    asAdmin().get("/api/v1/stores/" + unknownStore).then().statusCode(404);
    String unauthenticated = UUID.randomUUID().toString();
    given().post("/api/v1/stores/" + unauthenticated + "/suspend").then().statusCode(401);
    String unmatched = UUID.randomUUID().toString();
    asAdmin().get("/api/v1/nothing-here/" + unmatched).then().statusCode(404);

    String metrics = get("/q/metrics").body();
    assertThat(metrics)
        .contains("uri=\"/api/v1/stores/{id}\"")
        .doesNotContain(unknownStore)
        .doesNotContain(unauthenticated)
        .doesNotContain(unmatched);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create(management.toString()).resolve(path);
    return HTTP.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
