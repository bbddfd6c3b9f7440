package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.SimulatedCrash;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestWorkers;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobStore;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.store.StoreService;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.provider.ConnectionRecords;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.testing.time.SettableClock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the warm-pool path test-connection, inspect-existing-tables and create-database are recorded
 * after they run, so the placement, the claim and the store's saved login are made in the JTA
 * transaction of the job's next write (seed's start): a worker that dies inside create-database,
 * after its claim, leaves the entry READY and the store without a saved connection, and the job's
 * next attempt claims and finishes as if nothing had happened. Workers off: the test fills the pool
 * and runs the job itself.
 */
@QuarkusTest
@TestProfile(WarmPoolClaimSpanTest.PoolOnWorkersOff.class)
class WarmPoolClaimSpanTest {

  /** A pool of one per server, and no background workers (no refill runs but the test's). */
  public static class PoolOnWorkersOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new HashMap<>(TestWorkers.WORKERS_OFF);
      overrides.put("storeplane.provisioning.warm-pool.size", "1");
      return overrides;
    }
  }

  private static final Duration LEASE = Duration.ofSeconds(30);

  @Inject JobStore records;
  @Inject DatabaseProviders providers;
  @Inject WarmPool pool;
  @Inject DatabaseServerService servers;
  @Inject ConnectionRecords connections;
  @Inject StoreService stores;

  private DatabaseServer postgres;

  @BeforeEach
  void fill() throws Exception {
    DriverClassLoaderGuard.installTestPolicy();
    postgres =
        servers.list().stream()
            .map(DatabaseServerService.ServerUsage::server)
            .filter(s -> s.engine == DatabaseEngine.POSTGRESQL && s.isDefault)
            .findFirst()
            .orElseThrow();
    pool.refill(postgres);
    assertThat(pool.readyOn(postgres)).isPositive();
  }

  @AfterEach
  void emptyThePool() throws Exception {
    pool.dropUnclaimed(postgres);
  }

  @Test
  void aWorkerDyingInsideCreateDatabaseAfterItsClaimLeavesTheEntryReadyAndNothingSaved()
      throws Exception {
    long ready = pool.readyOn(postgres);
    Onboarding onboarding = queue("wps");
    UUID storeId = onboarding.storeId();
    UUID jobId = onboarding.jobId();
    SettableClock clock = onboarding.clock();
    ClaimedJob doomed = TestWorkers.claim(records, "doomed", clock, jobId);

    assertThatThrownBy(
            () ->
                TestWorkers.runnerDyingInsideCreateDatabase(records, providers, clock)
                    .run(doomed, "doomed"))
        .isInstanceOf(SimulatedCrash.class);

    assertThat(pool.claimedBy(storeId)).as("the claim rolled back").isEmpty();
    assertThat(pool.readyOn(postgres)).as("the entry is READY again").isEqualTo(ready);
    assertThat(connections.read(storeId, DatabaseEngine.POSTGRESQL, false))
        .as("no saved login")
        .isEmpty();
    assertThat(records.steps(jobId))
        .as(
            "test-connection, inspect-existing-tables and create-database are recorded after they"
                + " run: none was written")
        .isEmpty();

    clock.advance(LEASE.plusSeconds(1));
    ClaimedJob rescued = TestWorkers.claim(records, "rescuer", clock, jobId);
    TestWorkers.runner(records, providers, clock, null).run(rescued, "rescuer");

    JsonPath done = asAdmin().get("/api/v1/provision/" + jobId + "/status").jsonPath();
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(done.getString("steps.find { it.step == 'create-database' }.message"))
        .startsWith("Claimed database");
    assertThat(pool.readyOn(postgres)).isEqualTo(ready - 1);
    DatabaseLogin saved = connections.read(storeId, DatabaseEngine.POSTGRESQL, false).orElseThrow();
    drop(saved);
  }

  /**
   * A step that fails after its claim rolls the claim back, and with it the parameters the claim
   * set: the retried job's parameters name neither the entry nor its database, so neither a
   * clean-up nor a retry that finds the pool empty can take that database (another store's, once
   * claimed again) for the job's own.
   */
  @Test
  void aFailureInsideCreateDatabaseAfterTheClaimLeavesNoParameterNamingTheEntry() throws Exception {
    long ready = pool.readyOn(postgres);
    Onboarding onboarding = queue("wpf");

    JsonPath retrying = failOnceInside(Step.CREATE_DATABASE, onboarding);
    assertThat(pool.claimedBy(onboarding.storeId())).isEmpty();
    assertThat(pool.readyOn(postgres)).isEqualTo(ready);
    Map<String, Object> parameters = records.find(onboarding.jobId()).orElseThrow().parameters();
    assertThat(parameters)
        .as("test-connection's decisions went with the claim: all three steps ran recorded after")
        .doesNotContainKeys(
            "warmPoolEntry",
            "createdDatabase",
            "createdLogin",
            "warmPoolChosen",
            "serverId",
            "databaseName");
    assertThat(retrying.getList("steps.step", String.class))
        .as("recorded as they ran, with the failure")
        .containsExactly("test-connection", "inspect-existing-tables", "create-database");

    JsonPath done = retryToSuccess(onboarding);
    assertThat(
            done.getString(
                "steps.find { it.step == 'create-database' && it.attempt == 2 }.message"))
        .startsWith("Claimed database");
  }

  /**
   * With the pool on, test-connection is recorded after it runs, yet a pool found empty makes it
   * reach the server for its admin login: it calls {@code beforeReachingServer} first, so the
   * placement (which locks the engine's server rows) and its decisions are committed, and stay when
   * the step then fails. (That this happens before the admin connection, not after it, is {@code
   * JobContext.beforeLeavingMaster}'s contract, checked by {@code StepSpanTest}.) The retry makes
   * the database as without a pool.
   */
  @Test
  void aPoolFoundEmptyMakesTestConnectionCommitItsPlacementBeforeItFails() throws Exception {
    pool.dropUnclaimed(postgres);
    Onboarding onboarding = queue("wpe");

    failOnceInside(Step.TEST_CONNECTION, onboarding);
    assertThat(records.find(onboarding.jobId()).orElseThrow().parameters())
        .as("committed before the admin connection, so the failure after it kept them")
        .containsEntry("warmPoolChosen", false)
        .containsEntry("serverId", postgres.id.toString())
        .containsKey("databaseName");
    assertThat(stores.get(onboarding.storeId()).databaseServerId)
        .as("the placement")
        .isEqualTo(postgres.id);

    JsonPath done = retryToSuccess(onboarding);
    assertThat(
            done.getString(
                "steps.find { it.step == 'test-connection' && it.attempt == 2 }.message"))
        .doesNotContain("warm pool");
    assertThat(
            done.getString(
                "steps.find { it.step == 'create-database' && it.attempt == 2 }.message"))
        .doesNotStartWith("Claimed");
  }

  /** A store queued for a managed PostgreSQL database, its job and the clock its runs go by. */
  private record Onboarding(UUID storeId, UUID jobId, SettableClock clock) {}

  private static Onboarding queue(String slug) {
    JsonPath store = TestCallers.newStore("Span store", slug, Map.of("type", "managed-postgresql"));
    return new Onboarding(
        UUID.fromString(store.getString("id")),
        UUID.fromString(store.getString("provisioningJobId")),
        new SettableClock(Instant.now()));
  }

  /**
   * Runs the job once, failing {@code step} after it did its work with a transient failure (the
   * connection lost), and answers the job's status: queued again.
   */
  private JsonPath failOnceInside(Step step, Onboarding onboarding) {
    ClaimedJob failing =
        TestWorkers.claim(records, "failing", onboarding.clock(), onboarding.jobId());
    TestWorkers.runnerThrowingInside(
            step,
            records,
            providers,
            onboarding.clock(),
            () ->
                new IllegalStateException(
                    new SQLTransientConnectionException("the connection went away", "08006")))
        .run(failing, "failing");
    JsonPath retrying = status(onboarding);
    assertThat(retrying.getString("status")).as(retrying.prettify()).isEqualTo("queued");
    return retrying;
  }

  /** Runs the job again a minute later, checks it succeeded and drops its database. */
  private JsonPath retryToSuccess(Onboarding onboarding) throws Exception {
    onboarding.clock().advance(Duration.ofMinutes(1));
    ClaimedJob retried =
        TestWorkers.claim(records, "retrier", onboarding.clock(), onboarding.jobId());
    TestWorkers.runner(records, providers, onboarding.clock(), null).run(retried, "retrier");
    JsonPath done = status(onboarding);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    drop(connections.read(onboarding.storeId(), DatabaseEngine.POSTGRESQL, false).orElseThrow());
    return done;
  }

  private static JsonPath status(Onboarding onboarding) {
    return asAdmin().get("/api/v1/provision/" + onboarding.jobId() + "/status").jsonPath();
  }

  /** The test's runner tells the store nothing of the job's end: its database is dropped here. */
  private void drop(DatabaseLogin saved) throws Exception {
    try (Connection admin = servers.adminLogin(postgres).open()) {
      ServerAdmin.of(postgres.engine).dropDatabase(admin, saved.database());
      ServerAdmin.of(postgres.engine).dropLogin(admin, saved.username());
    }
  }
}
