package io.storeplane.api.jobs;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.storeplane.api.TestApi;
import io.storeplane.api.TestCallers;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.jobs.runtime.JobWatchers;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A job's event stream is driven by the bus, not by polling: twenty clients on one queued job cost
 * one read of the job, an idle job none, and the change that ends it one read that reaches every
 * client (workers are off here, so nothing else touches the job).
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class JobEventStreamTest {

  private static final int CLIENTS = 20;

  @Inject JobWatchers watchers;

  @TestHTTPResource("/")
  URI base;

  @Test
  void twentyClientsOfOneJobShareOneReadPerChangeAndAnIdleJobCostsNothing() throws Exception {
    JsonPath store =
        TestCallers.newStore("Streamed", "stream", Map.of("type", "managed-postgresql"));
    String jobId = store.getString("provisioningJobId");
    long readsBefore = watchers.reads();

    HttpClient http = HttpClient.newHttpClient();
    List<List<JsonPath>> received = new ArrayList<>();
    List<CompletableFuture<?>> streams = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      List<JsonPath> events = new CopyOnWriteArrayList<>();
      received.add(events);
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("api/v1/provision/" + jobId + "/events"))
              .header("Authorization", "Bearer " + TestApi.ADMIN_TOKEN)
              .header("Accept", "text/event-stream")
              .build();
      streams.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
              .thenAccept(
                  response ->
                      response
                          .body()
                          .filter(line -> line.startsWith("data:"))
                          .forEach(line -> events.add(JsonPath.from(line.substring(5).trim())))));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> received.stream().allMatch(events -> !events.isEmpty()));
    assertThat(received).allMatch(events -> events.get(0).getString("status").equals("queued"));
    long afterJoin = watchers.reads() - readsBefore;
    assertThat(afterJoin).as("reads for 20 clients joining").isBetween(1L, (long) CLIENTS);

    Thread.sleep(1500);
    assertThat(watchers.reads() - readsBefore).as("an idle job is not polled").isEqualTo(afterJoin);

    asAdmin().post("/api/v1/provision/" + jobId + "/cancel").then().statusCode(200);
    for (CompletableFuture<?> stream : streams) {
      stream.get(30, TimeUnit.SECONDS);
    }
    assertThat(received)
        .allMatch(events -> events.get(events.size() - 1).getString("status").equals("cancelled"));
    assertThat(watchers.reads() - readsBefore - afterJoin)
        .as("the cancel is read once or twice (coalesced), not once per client")
        .isBetween(1L, 2L);
    await().atMost(Duration.ofSeconds(5)).until(() -> watchers.watched() == 0);
  }

  /**
   * Two kinds of view of one job (the REST stream's, the console's) followed at once are two
   * watches: each client gets its own kind, never the other's.
   */
  @Test
  void twoKindsOfViewOfOneJobAreTwoWatches() {
    UUID job = UUID.randomUUID();
    AssertSubscriber<String> text =
        watchers
            .watch(job, String.class, id -> "view of " + id, view -> false)
            .subscribe()
            .withSubscriber(AssertSubscriber.create(10));
    text.awaitItems(1);
    AssertSubscriber<Integer> number =
        watchers
            .watch(job, Integer.class, id -> 42, view -> false)
            .subscribe()
            .withSubscriber(AssertSubscriber.create(10));
    number.awaitItems(1);

    assertThat(number.getItems()).containsOnly(42);
    assertThat(text.getItems()).containsOnly("view of " + job);
    assertThat(watchers.watched()).isEqualTo(2);
    text.cancel();
    number.cancel();
    await().atMost(Duration.ofSeconds(5)).until(() -> watchers.watched() == 0);
  }
}
