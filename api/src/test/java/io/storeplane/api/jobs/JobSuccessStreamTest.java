package io.storeplane.api.jobs;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.TestApi;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestWorkers;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.runtime.JobChangesOnBus;
import io.storeplane.jobs.runtime.JobWatchers;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client following a job learns of its success through the bus: the client joins while the job is
 * queued, a worker (driven by the test, with the application's own job store, so every write is a
 * JTA transaction that publishes {@code job.changed}) runs it to {@code succeeded}, and the stream
 * ends with the success after reading the job only when the client joined and after {@code
 * job.changed} events of that job: nothing but the bus told it (that an idle job is never read is
 * {@link JobEventStreamTest}'s).
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class JobSuccessStreamTest {

  @Inject JobWatchers watchers;
  @Inject EventBus bus;
  @Inject JobStore records;
  @Inject DatabaseProviders providers;

  @TestHTTPResource("/")
  URI base;

  private final AtomicReference<String> database = new AtomicReference<>();

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void dropTheStoreDatabase() throws Exception {
    String name = database.get();
    if (name == null) {
      return;
    }
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
      s.execute("DROP ROLE IF EXISTS \"" + name + "\"");
    }
  }

  @Test
  void theSuccessOfAJobReachesItsStreamThroughTheBus() throws Exception {
    JsonPath store =
        TestCallers.newStore("Followed", "followed", Map.of("type", "managed-postgresql"));
    UUID jobId = UUID.fromString(store.getString("provisioningJobId"));
    List<JobStatus> heard = new CopyOnWriteArrayList<>();
    try (Subscription ignored =
        bus.subscribe(
            JobChangesOnBus.JOB_CHANGED,
            changed -> {
              if (changed.jobId().equals(jobId)) {
                heard.add(changed.status());
              }
            })) {
      long readsBefore = watchers.reads();
      List<JsonPath> events = new CopyOnWriteArrayList<>();
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("api/v1/provision/" + jobId + "/events"))
              .header("Authorization", "Bearer " + TestApi.ADMIN_TOKEN)
              .header("Accept", "text/event-stream")
              .build();
      CompletableFuture<Void> stream =
          HttpClient.newHttpClient()
              .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
              .thenAccept(
                  response ->
                      response
                          .body()
                          .filter(line -> line.startsWith("data:"))
                          .forEach(line -> events.add(JsonPath.from(line.substring(5).trim()))));
      await().atMost(Duration.ofSeconds(30)).until(() -> !events.isEmpty());
      assertThat(events.get(0).getString("status")).isEqualTo("queued");

      Clock clock = Clock.systemUTC();
      ClaimedJob job = TestWorkers.claim(records, "test-worker", clock, jobId);
      TestWorkers.runner(records, providers, clock, null).run(job, "test-worker");
      database.set(
          asAdmin()
              .get("/api/v1/stores/" + store.getString("id"))
              .jsonPath()
              .getString("database.name"));

      stream.get(30, TimeUnit.SECONDS);
      JsonPath last = events.get(events.size() - 1);
      assertThat(last.getString("status")).isEqualTo("succeeded");
      assertThat(last.getInt("progress")).isEqualTo(100);
      assertThat(events)
          .extracting(event -> event.getString("status"))
          .as("the stream ends with the success, once")
          .filteredOn("succeeded"::equals)
          .hasSize(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(JobStatus.SUCCEEDED));
      assertThat(watchers.reads() - readsBefore)
          .as("reads: one when the client joined, at most one per job.changed event heard")
          .isBetween(2L, 1L + heard.size());
    }
  }
}
