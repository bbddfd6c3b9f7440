package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Onboarding and purging managed stores through the API, for the onboarding tests. */
final class ManagedStores {

  private ManagedStores() {}

  /** Creates a store of {@code type} (e.g. {@code managed-mysql}) with a random slug; the 201. */
  static JsonPath create(String type, String name, String slugPrefix) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .body(
            Map.of(
                "name",
                name,
                "slug",
                slugPrefix + UUID.randomUUID().toString().substring(0, 8),
                "plan",
                "free",
                "database",
                Map.of("type", type)))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /**
   * Onboards {@code stores} stores at once from 10 clients, alternately managed PostgreSQL and
   * managed MySQL, and waits until every job has ended; the 201s, in order.
   */
  static List<JsonPath> onboardAtOnce(int stores, String name, String slugPrefix) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(10);
    List<Future<JsonPath>> submitted = new ArrayList<>();
    for (int i = 0; i < stores; i++) {
      String type = i % 2 == 0 ? "managed-postgresql" : "managed-mysql";
      submitted.add(clients.submit(() -> create(type, name, slugPrefix)));
    }
    List<JsonPath> created = new ArrayList<>();
    for (Future<JsonPath> f : submitted) {
      created.add(f.get());
    }
    clients.shutdown();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                created.stream()
                    .allMatch(c -> finished(JobPolling.status(c.getString("provisioningJobId")))));
    return created;
  }

  /** Purges the store (database and login dropped). */
  static void purge(String storeId) {
    String slug = asAdmin().get("/api/v1/stores/" + storeId).jsonPath().getString("slug");
    // 503 means the shared server is out of connections for a moment: try again.
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                asAdmin()
                    .contentType(ContentType.JSON)
                    .body(Map.of("action", "purge", "confirm", slug))
                    .post("/api/v1/stores/" + storeId + "/deprovision")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(200));
  }

  /**
   * Purges the stores, eight at a time from as many clients: PostgreSQL's DROP DATABASE waits for a
   * checkpoint, and concurrent drops share one, so this takes a fraction of purging one by one.
   */
  static void purgeAll(List<String> storeIds) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> purges = new ArrayList<>();
      for (String id : storeIds) {
        purges.add(clients.submit(() -> purge(id)));
      }
      for (Future<?> purge : purges) {
        purge.get();
      }
    } finally {
      clients.shutdown();
    }
  }

  /** Whether a job status document says the job ended. */
  static boolean finished(JsonPath status) {
    return List.of("succeeded", "failed", "cancelled").contains(status.getString("status"));
  }
}
