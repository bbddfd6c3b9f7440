package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestWorkers;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobStore;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store's cached route on this instance goes as soon as a change to the store commits ({@code
 * StoreChanged}), whichever way the change came: {@code POST /api/v1/provision} and the job it
 * queues, a re-provision onto another database, deprovisioning. The version check, the other way a
 * route is refreshed, is an hour apart in this profile, so it cannot be what makes these pass.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class StoreChangedRoutesTest {

  @Inject JobStore records;
  @Inject DatabaseProviders providers;

  private final List<TestDatabase> databases = new ArrayList<>();

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void drop() {
    databases.forEach(TestDatabase::close);
  }

  @Test
  void aStoreProvisionedThroughTheProvisionEndpointIsServedAtOnce() {
    String storeId = TestCallers.newStore();
    String data = "/api/v1/stores/" + storeId + "/data/categories";
    // This instance caches the store's "not connected" route.
    asAdmin().get(data).then().statusCode(409).body("code", equalTo("store-not-connected"));

    provisionAndRun(storeId, database("first"));

    asAdmin().get(data).then().statusCode(200);
  }

  @Test
  void aStoreReprovisionedOntoAnotherDatabaseIsServedFromItAtOnce() {
    String storeId = TestCallers.newStore();
    String data = "/api/v1/stores/" + storeId + "/data/categories";
    TestDatabase first = database("first");
    provisionAndRun(storeId, first);
    asAdmin().get(data).then().statusCode(200);
    assertRoutedTo(storeId, first);

    TestDatabase second = database("second");
    provisionAndRun(storeId, second);

    asAdmin().get(data).then().statusCode(200);
    assertRoutedTo(storeId, second);
  }

  @Test
  void aDeprovisionedStoreIsRefusedAtOnce() {
    String storeId = TestCallers.newStore();
    String data = "/api/v1/stores/" + storeId + "/data/categories";
    provisionAndRun(storeId, database("gone"));
    asAdmin().get(data).then().statusCode(200);

    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("action", "suspend"))
        .post("/api/v1/stores/" + storeId + "/deprovision")
        .then()
        .statusCode(200);

    asAdmin().get(data).then().statusCode(409).body("code", equalTo("store-database-suspended"));
  }

  private TestDatabase database(String prefix) {
    TestDatabase db = TestDatabases.postgres().createDatabase(prefix);
    databases.add(db);
    return db;
  }

  /** {@code POST /api/v1/provision} for an existing database, then its job run by this test. */
  private void provisionAndRun(String storeId, TestDatabase db) {
    String jobId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "storeId",
                    storeId,
                    "databaseType",
                    "postgresql",
                    "config",
                    DatabaseOptions.existing(db, db.password())))
            .post("/api/v1/provision")
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    Clock clock = Clock.systemUTC();
    ClaimedJob job = TestWorkers.claim(records, "test-worker", clock, UUID.fromString(jobId));
    TestWorkers.runner(records, providers, clock, null).run(job, "test-worker");
    assertThat(JobPolling.status(jobId).getString("status")).isEqualTo("succeeded");
  }

  /** This instance's cached route of the store leads to {@code db}. */
  private static void assertRoutedTo(String storeId, TestDatabase db) {
    asAdmin()
        .get("/api/v1/stores/" + storeId + "/connection")
        .then()
        .body("routed", equalTo(true))
        .body("endpoint", endsWith("/" + db.name()));
  }
}
