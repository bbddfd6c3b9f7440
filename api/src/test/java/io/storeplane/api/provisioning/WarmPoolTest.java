package io.storeplane.api.provisioning;

import static io.storeplane.api.JobPolling.status;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobMetrics;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.JobRunner;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStepRecord;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.jobs.RunListener;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.provisioning.job.ProvisioningKind;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.pool.PoolEntries;
import io.storeplane.provisioning.pool.PoolEntry;
import io.storeplane.provisioning.pool.PrimedConnections;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.pool.WarmPoolMetrics;
import io.storeplane.provisioning.pool.WarmPoolRefillKind;
import io.storeplane.provisioning.provider.ConnectionRecords;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.provider.ProvisioningContext;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.provisioning.server.TemplateDatabases;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The warm pool on the real default servers (PostgreSQL 15 and MariaDB 10.11): it fills to its
 * level, shows on the server list, hands each entry to at most one of 50 concurrent onboardings
 * (the rest fall back to creating a database), never hands out an entry of another schema version,
 * a claim whose connection dies before it commits leaves the entry in the pool, a failed
 * re-provision of a pool store leaves its database alone, and a claim seeds over the connection
 * this instance opened into its entry beforehand, or over a new one when that one died.
 */
@QuarkusTest
@TestProfile(WarmPoolTest.PoolOn.class)
class WarmPoolTest {

  private static final int SIZE = 6;

  private static final String INSERTED_CATEGORIES =
      "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'categories'";

  /** A pool of {@value #SIZE} per server, refilled every second. */
  public static class PoolOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "storeplane.provisioning.warm-pool.size",
          Integer.toString(SIZE),
          "storeplane.provisioning.warm-pool.refill-interval",
          "1s");
    }
  }

  @Inject DatabaseServerService servers;
  @Inject WarmPool pool;
  @Inject DataSource master;
  @Inject MeterRegistry registry;
  @Inject TemplateDatabases templates;
  @Inject SecretCipher cipher;
  @Inject JobStore jobs;
  @Inject PrimedConnections primed;
  @Inject DatabaseProviders providers;
  @Inject ConnectionRecords records;

  @Test
  void thePoolFillsAndShowsOnTheServerList() {
    awaitFull();
    JsonPath list =
        asAdmin().get("/api/v1/database-servers").then().statusCode(200).extract().jsonPath();
    for (String name : List.of("default-postgresql", "default-mysql")) {
      String server = "find { it.name == '" + name + "' }";
      assertThat(list.getInt(server + ".pool.target")).isEqualTo(SIZE);
      assertThat(list.getInt(server + ".pool.ready")).isEqualTo(SIZE);
      // pool databases take room: capacity left counts them with the stores
      assertThat(list.getLong(server + ".capacityLeft"))
          .isLessThanOrEqualTo(
              list.getLong(server + ".maxStores") - list.getLong(server + ".stores") - SIZE);
    }
  }

  @Test
  void fiftyConcurrentOnboardingsEachClaimADifferentEntryAtMostOnce() throws Exception {
    awaitFull();
    List<JsonPath> created = ManagedStores.onboardAtOnce(50, "Warm pool store", "wp-");
    List<String> storeIds = created.stream().map(c -> c.getString("id")).toList();
    List<String> jobIds = created.stream().map(c -> c.getString("provisioningJobId")).toList();

    Map<String, String> databaseOf = new HashMap<>();
    int claimedSteps = 0;
    for (int i = 0; i < jobIds.size(); i++) {
      JsonPath job = status(jobIds.get(i));
      assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded");
      assertThat(job.getInt("tablesCreated")).isEqualTo(job.getInt("totalTables"));
      String message = job.getString("steps.find { it.step == 'create-database' }.message");
      claimedSteps += message.contains("from the warm pool") ? 1 : 0;
      JsonPath store = asAdmin().get("/api/v1/stores/" + storeIds.get(i)).jsonPath();
      databaseOf.put(storeIds.get(i), store.getString("database.name"));
    }
    assertThat(new HashSet<>(databaseOf.values())).hasSize(50);

    // this test's claims (a store another test left behind keeps its own)
    Map<String, String> claims = claimsByStore();
    claims.keySet().retainAll(storeIds);
    // the pool was full when the burst came: each server's entries went to its first stores
    assertThat(claims).hasSizeGreaterThanOrEqualTo(2 * SIZE);
    assertThat(claimedSteps).isEqualTo(claims.size());
    for (Map.Entry<String, String> claim : claims.entrySet()) {
      if (databaseOf.containsKey(claim.getKey())) {
        assertThat(databaseOf.get(claim.getKey())).isEqualTo(claim.getValue());
      }
    }
    // the ledger: a store on a pool database got every version from the pool, the others from a
    // template or Flyway
    for (String storeId : storeIds) {
      JsonPath ledger = asAdmin().get("/api/v1/stores/" + storeId + "/schema/versions").jsonPath();
      assertThat(ledger.getInt("currentVersion")).isEqualTo(ClientSchema.currentVersion());
      List<String> paths = ledger.getList("versions.path", String.class);
      assertThat(paths).hasSize(ClientSchema.currentVersion());
      if (claims.containsKey(storeId)) {
        assertThat(paths).containsOnly("warm-pool");
      } else {
        assertThat(paths).doesNotContain("warm-pool");
      }
    }
    // every store on a pool database holds that entry's claim, and no entry has two stores
    long onPool = databaseOf.values().stream().filter(n -> n.startsWith("sp_pool_")).count();
    assertThat(onPool).isEqualTo(claims.size());
    assertThat(new HashSet<>(claims.values())).hasSize(claims.size());
    // each onboarding that ended handed its entry over: no entry is left claimable for clean-up
    // by a later job of the store, and no entry keeps a copy of a store login's password
    try (Connection c = master.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE state = 'CLAIMED'), count(*) FILTER (WHERE state ="
                    + " 'HANDED_OVER' AND login_password_ciphertext IS NULL) FROM warm_pool_entries"
                    + " WHERE claimed_store_id IS NOT NULL")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
      assertThat(rs.getLong(2)).isEqualTo(claims.size());
    }

    // Purging forgets a store's claim. Two purges show it (one store on a pool database, one not);
    // the clean-up drops the other 48 databases when the application stops. Purging all 50 here
    // took three minutes: every DROP DATABASE waits for a checkpoint on PostgreSQL, slow while the
    // refill writes new databases beside it.
    String onPoolStore = claims.keySet().iterator().next();
    String offPoolStore =
        storeIds.stream().filter(id -> !claims.containsKey(id)).findFirst().orElseThrow();
    ManagedStores.purge(onPoolStore);
    ManagedStores.purge(offPoolStore);
    Map<String, String> left = claimsByStore();
    left.keySet().retainAll(storeIds);
    assertThat(left).doesNotContainKey(onPoolStore).hasSize(claims.size() - 1);
  }

  /**
   * While onboarding runs, a refill makes databases only up to half its level: a pool of 14 with
   * {@value #SIZE} ready makes one (to 7, its low-water mark) and leaves the rest for later; with
   * no onboarding it would fill to the level. It runs as the refill job holding the kind's one
   * slot, so none of this instance's refills runs beside it.
   */
  @Test
  void aRefillMakesOnlyUpToHalfItsLevelWhileOnboardingRuns() {
    awaitFull();
    DatabaseServer postgres = server("default-postgresql");
    int larger = 2 * SIZE + 2;
    WarmPool yielding = yielding(larger);
    JobKind checks =
        new JobKind() {
          @Override
          public String name() {
            return WarmPoolRefillKind.NAME;
          }

          @Override
          public JobResult run(JobContext job) {
            try {
              WarmPool.Refill refill = yielding.refill(postgres);
              assertThat(WarmPool.lowWater(larger)).isEqualTo(SIZE + 1);
              assertThat(refill.made()).isEqualTo(1);
              assertThat(refill.ready()).isEqualTo(SIZE + 1);
              assertThat(refill.deferred()).isTrue();
              assertThat(yielding.refill(postgres).made()).as("at the low-water mark").isZero();
              // back to the application's level: its next refill makes them again
              yielding.dropUnclaimed(postgres);
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
            return JobResult.succeeded("checked");
          }
        };
    ClaimedJob held = holdRefillSlot();
    new JobRunner(jobs, Clock.systemUTC(), RunListener.NONE, JobMetrics.none())
        .run(checks, held, "refill-test");
    assertThat(jobs.find(held.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    awaitFull();
  }

  /**
   * A refill job that left a pool below its level for onboarding waits one refill interval and
   * looks again, rather than ending; the job stays queued as a refill of this instance's.
   */
  @Test
  void aRefillThatYieldedWaitsOneIntervalAndLooksAgain() {
    awaitFull();
    DatabaseServer postgres = server("default-postgresql");
    // half of it, rounded up, is what is ready: onboarding gets the rest
    WarmPool yielding = yielding(2 * SIZE - 1);
    Duration interval = Duration.ofSeconds(30);
    WarmPoolRefillKind kind =
        new WarmPoolRefillKind(yielding, () -> List.of(postgres), interval, Clock.systemUTC());
    ClaimedJob held = holdRefillSlot();
    Instant before = Instant.now();

    new JobRunner(jobs, Clock.systemUTC(), RunListener.NONE, JobMetrics.none())
        .run(kind, held, "refill-test");

    JobRecord waiting = jobs.find(held.id()).orElseThrow();
    assertThat(waiting.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(waiting.runAfter())
        .isAfterOrEqualTo(before.plus(interval).truncatedTo(ChronoUnit.MILLIS))
        .isBeforeOrEqualTo(Instant.now().plus(interval));
    assertThat(waiting.message())
        .contains("0 made")
        .contains("1 server(s) left below their level while onboarding runs");
    assertThat(jobs.steps(held.id()))
        .extracting(JobStepRecord::message)
        .containsExactly(
            "The warm pool of default-postgresql: %d of %d ready, the rest left for later:"
                    .formatted(SIZE, 2 * SIZE - 1)
                + " onboarding is running");
  }

  /** A pool of {@code size} on this instance's servers that always sees onboarding running. */
  private WarmPool yielding(int size) {
    return new WarmPool(
        servers,
        templates,
        new PoolEntries(master, cipher),
        size,
        Clock.systemUTC(),
        WarmPoolMetrics.none(),
        belowLowWater -> {},
        () -> true,
        PrimedConnections.none());
  }

  /**
   * A refill job of this test's, claimed by it: while it runs, the refill kind's one slot across
   * the cluster is taken, so none of this instance's refills runs (one running at the moment of the
   * claim refuses it; the job left queued is then run by this instance as an ordinary refill, and
   * the test queues another).
   */
  private ClaimedJob holdRefillSlot() {
    AtomicReference<ClaimedJob> held = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              UUID id = jobs.enqueue(NewJob.of(WarmPoolRefillKind.NAME), Instant.now()).id();
              List<ClaimedJob> claimed =
                  jobs.claim(
                      "refill-test",
                      Instant.now(),
                      Duration.ofSeconds(60),
                      1,
                      List.of(WarmPoolRefillKind.NAME),
                      Optional.of(id));
              claimed.stream().findFirst().ifPresent(held::set);
              return held.get() != null;
            });
    return held.get();
  }

  @Test
  void anEntryOfAnotherSchemaVersionIsNeverClaimedAndIsDropped() throws Exception {
    awaitFull();
    DatabaseServer mysql = server("default-mysql");
    List<String> old = new ArrayList<>();
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE warm_pool_entries SET schema_version = ? WHERE server_id = ? AND state ="
                    + " 'READY' RETURNING database_name")) {
      // as the previous release left them
      s.setInt(1, ClientSchema.currentVersion() - 1);
      s.setObject(2, mysql.id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          old.add(rs.getString(1));
        }
      }
    }
    assertThat(old).hasSize(SIZE);

    JsonPath store = create("managed-mysql");
    JsonPath done = JobPolling.awaitEnd(store.getString("provisioningJobId"), status -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    String name =
        asAdmin()
            .get("/api/v1/stores/" + store.getString("id"))
            .jsonPath()
            .getString("database.name");
    assertThat(old).doesNotContain(name);

    // provisioned again, the store keeps its database (it never claims a second one)
    String again =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("storeId", store.getString("id"), "databaseType", "managed-mysql"))
            .post("/api/v1/provision")
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    JsonPath redone = JobPolling.awaitEnd(again, status -> {});
    assertThat(redone.getString("status")).as(redone.prettify()).isEqualTo("succeeded");
    assertThat(
            asAdmin()
                .get("/api/v1/stores/" + store.getString("id"))
                .jsonPath()
                .getString("database.name"))
        .isEqualTo(name);

    // the refill drops them, databases and logins included, and fills the pool again
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> old.stream().noneMatch(WarmPoolTest::mysqlSchemaExists));
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM warm_pool_entries WHERE schema_version <> ?")) {
      s.setInt(1, ClientSchema.currentVersion());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
    awaitFull();
    ManagedStores.purge(store.getString("id"));
  }

  /**
   * A claim is one statement in one transaction. The process dying mid-claim ends its master
   * connection: here the server ends the claiming session itself ({@code pg_terminate_backend}),
   * which is what it sees when a killed process's socket closes. Before the commit the entry is
   * back in the pool; after it, the entry is the store's and the store's retried step gets the same
   * one.
   */
  @Test
  void aClaimWhoseConnectionDiesLeavesNothingBehind() throws Exception {
    awaitFull();
    DatabaseServer postgres = server("default-postgresql");
    UUID store = UUID.randomUUID();

    UUID taken;
    try (Connection claiming = master.getConnection();
        Connection other = master.getConnection()) {
      claiming.setAutoCommit(false);
      int pid;
      try (Statement s = claiming.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      try (PreparedStatement s = claiming.prepareStatement(PoolEntries.CLAIM)) {
        s.setObject(1, store);
        s.setTimestamp(2, Timestamp.from(Instant.now()));
        s.setObject(3, postgres.id);
        s.setInt(4, ClientSchema.currentVersion());
        try (ResultSet rs = s.executeQuery()) {
          assertThat(rs.next()).isTrue();
          taken = rs.getObject(1, UUID.class);
        }
      }
      try (PreparedStatement kill = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
        kill.setInt(1, pid);
        kill.executeQuery().close();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !backendAlive(other, pid));
      try {
        claiming.rollback();
      } catch (SQLException expected) {
        // the session is gone
      }
    }
    assertThat(state(taken)).isEqualTo("READY");
    assertThat(pool.claimedBy(store)).isEmpty();

    Optional<PoolEntry> claimed = pool.claim(postgres, store);
    assertThat(claimed).isPresent();
    // a retried step finds the entry its store holds, and takes no other
    assertThat(pool.claim(postgres, store).map(PoolEntry::id)).contains(claimed.get().id());
    assertThat(state(claimed.get().id())).isEqualTo("CLAIMED");
    try (Connection admin = servers.adminLogin(postgres).open()) {
      ServerAdmin.of(postgres.engine).dropDatabase(admin, claimed.get().database());
      ServerAdmin.of(postgres.engine).dropLogin(admin, claimed.get().login());
    }
    pool.forget(store);
    assertThat(pool.claimedBy(store)).isEmpty();
  }

  /**
   * On the warm-pool path inspect-existing-tables and create-database write nothing before they
   * run, so a worker that dies right after its claim leaves a job whose parameters do not name the
   * server or the database yet (they are saved with the job's next write). A clean-up then (the job
   * cancelled, or failed for good) still finds the claim by its store: it drops the entry's
   * database and login, forgets the claim and the store's saved connection.
   */
  @Test
  void aCleanUpAfterACrashRightAfterTheClaimDropsTheClaimedDatabase() throws Exception {
    awaitFull();
    DatabaseServer postgres = server("default-postgresql");
    UUID store = UUID.fromString(TestCallers.newStore());
    PoolEntry claimed = pool.claim(postgres, store).orElseThrow();
    records.saveManaged(
        store,
        DatabaseType.MANAGED_POSTGRESQL,
        postgres,
        claimed.database(),
        claimed.login(),
        claimed.password());
    // the job's parameters as queued: test-connection's decisions were never saved
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("databaseType", DatabaseType.MANAGED_POSTGRESQL.name());
    ProvisioningContext context =
        new ProvisioningContext(
            UUID.randomUUID(),
            store,
            "wp-crashed",
            "Warm pool store",
            DatabaseType.MANAGED_POSTGRESQL,
            parameters,
            () -> {},
            () -> {},
            new HashMap<>());

    String removed = providers.of(DatabaseType.MANAGED_POSTGRESQL).cleanUp(context);

    assertThat(removed)
        .isEqualTo(
            "removed database %s and login %s".formatted(claimed.database(), claimed.login()));
    try (Connection admin = servers.adminLogin(postgres).open();
        PreparedStatement s =
            admin.prepareStatement(
                "SELECT (SELECT count(*) FROM pg_database WHERE datname = ?) + (SELECT count(*)"
                    + " FROM pg_roles WHERE rolname = ?)")) {
      s.setString(1, claimed.database());
      s.setString(2, claimed.login());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("the entry's database and login").isZero();
      }
    }
    assertThat(pool.claimedBy(store)).isEmpty();
    assertThat(entryState(store.toString())).isEqualTo("gone");
    assertThat(records.databaseName(store)).isEmpty();
  }

  @Test
  void aPoolStoreProvisionedAgainThatFailsKeepsItsDatabaseAndCountsOneClaim() throws Exception {
    awaitFull();
    double claims = counter("storeplane.warm_pool.claims");
    double misses = counter("storeplane.warm_pool.misses");
    JsonPath store = create("managed-mysql");
    String storeId = store.getString("id");
    String first = store.getString("provisioningJobId");
    await().atMost(Duration.ofMinutes(2)).until(() -> ManagedStores.finished(status(first)));
    JsonPath done = status(first);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    // a pool store takes its database as it was made: no admin connection, no Flyway check
    assertThat(done.getString("steps.find { it.step == 'test-connection' }.message"))
        .contains("from its warm pool");
    assertThat(done.getString("steps.find { it.step == 'create-database' }.message"))
        .contains("from the warm pool");
    assertThat(done.getString("steps.find { it.step == 'apply-schema' }.status"))
        .isEqualTo("skipped");
    assertThat(done.getString("steps.find { it.step == 'apply-schema' }.message"))
        .startsWith("Schema cloned from the warm pool at version " + ClientSchema.currentVersion())
        .contains("checked when it was built");
    assertThat(done.getInt("tablesCreated")).isEqualTo(done.getInt("totalTables"));
    String database = claimsByStore().get(storeId);
    assertThat(database).startsWith("sp_pool_");
    assertThat(entryState(storeId)).isEqualTo("HANDED_OVER");

    // the store's login no longer opens its database (MariaDB checks passwords; the local
    // PostgreSQL trusts loopback logins), so provisioning it again fails in apply-schema
    try (Connection admin = TestDatabases.mysql().connectAdmin("mysql");
        Statement s = admin.createStatement()) {
      s.execute("ALTER USER '" + database + "'@'%' IDENTIFIED BY 'not-the-sealed-password'");
    }
    String again =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("storeId", storeId, "databaseType", "managed-mysql"))
            .post("/api/v1/provision")
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    await().atMost(Duration.ofMinutes(2)).until(() -> ManagedStores.finished(status(again)));
    JsonPath failed = status(again);
    assertThat(failed.getString("status")).as(failed.prettify()).isEqualTo("failed");
    assertThat(failed.getString("message")).endsWith("nothing to remove");

    // the failed job's clean-up left the store's pool database, its login and its entry alone,
    // and neither job of the store took a second entry or counted a miss
    assertThat(mysqlSchemaExists(database)).isTrue();
    assertThat(entryState(storeId)).isEqualTo("HANDED_OVER");
    assertThat(claimsByStore().get(storeId)).isEqualTo(database);
    assertThat(counter("storeplane.warm_pool.claims")).isEqualTo(claims + 1);
    assertThat(counter("storeplane.warm_pool.misses")).isEqualTo(misses);

    ManagedStores.purge(storeId);
    assertThat(mysqlSchemaExists(database)).isFalse();
    assertThat(entryState(storeId)).isEqualTo("gone");
  }

  @Test
  void aClaimSeedsOverTheConnectionPrimedForItsEntry() throws Exception {
    awaitFull();
    for (String name : List.of("default-postgresql", "default-mysql")) {
      DatabaseServer server = server(name);
      // A primed connection that does not answer within a second is not used: the seed opens its
      // own, as designed (PrimedConnections logs why). On this 2-core machine, under the refill's
      // load, that was seen about once in eight runs, so up to three claims are tried; one must
      // seed over its primed connection.
      List<String> seeds = new ArrayList<>();
      for (int claim = 0; claim < 3 && !primedSeed(seeds); claim++) {
        UUID next = awaitPrimedOldest(server);
        // the primed connection rehearsed the seed (PostgreSQL only), and kept nothing
        if (server.engine == DatabaseEngine.POSTGRESQL) {
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> inEntry(server, next, INSERTED_CATEGORIES) > 0);
        }
        assertThat(inEntry(server, next, "SELECT count(*) FROM categories")).isZero();

        JsonPath store =
            create(name.equals("default-postgresql") ? "managed-postgresql" : "managed-mysql");
        try {
          seeds.add(seedOfEntry(store, next));
          // the claim took its connection; the primer moves on to the entries claimed next
          assertThat(primed.primed()).doesNotContain(next);
        } finally {
          ManagedStores.purge(store.getString("id"));
        }
      }
      assertThat(primedSeed(seeds)).as(name + ": " + seeds).isTrue();
    }
  }

  private static boolean primedSeed(List<String> seeds) {
    return seeds.stream().anyMatch(seed -> seed.endsWith(ProvisioningKind.PRIMED));
  }

  @Test
  void aClaimWhosePrimedConnectionDiedSeedsOverANewOne() throws Exception {
    awaitFull();
    DatabaseServer postgres = server("default-postgresql");
    UUID next = awaitPrimedOldest(postgres);
    String login =
        masterValue(String.class, "SELECT login_name FROM warm_pool_entries WHERE id = ?", next);
    try (Connection admin = servers.adminLogin(postgres).open();
        PreparedStatement s =
            admin.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
      s.setString(1, login);
      s.executeQuery().close();
    }

    JsonPath store = create("managed-postgresql");
    assertThat(seedOfEntry(store, next)).doesNotContain(ProvisioningKind.PRIMED);
    // the seed took the dead connection, found it dead and closed it
    assertThat(primed.primed()).doesNotContain(next);
    ManagedStores.purge(store.getString("id"));
  }

  /**
   * Waits for the store's onboarding to succeed, checks that it claimed {@code entry}, and returns
   * its seed step's message (which inserted the seed rows).
   */
  private String seedOfEntry(JsonPath store, UUID entry) throws SQLException {
    String job = store.getString("provisioningJobId");
    await().atMost(Duration.ofMinutes(2)).until(() -> ManagedStores.finished(status(job)));
    JsonPath done = status(job);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(claimedEntry(store.getString("id"))).isEqualTo(entry);
    String seed = done.getString("steps.find { it.step == 'seed' }.message");
    assertThat(seed).startsWith("Inserted ");
    assertEveryStepRecordedInThreeWrites(job, done);
    return seed;
  }

  /**
   * A warm-pool onboarding records every step, in the order it ran, with its own start and finish,
   * yet its worker wrote the job only three times (each write tells the bus {@code job.changed}):
   * the claim, the boundary before seed (the one step that reaches a database server), and the end.
   * The steps that reach only the master are recorded with the write after them.
   */
  private void assertEveryStepRecordedInThreeWrites(String job, JsonPath done) throws SQLException {
    assertThat(done.getList("steps.step", String.class))
        .containsExactly(Arrays.stream(Step.values()).map(Step::wireName).toArray(String[]::new));
    List<String> started = done.getList("steps.startedAt", String.class);
    List<String> finished = done.getList("steps.finishedAt", String.class);
    for (int i = 0; i < started.size(); i++) {
      Instant start = Instant.parse(started.get(i));
      Instant end = Instant.parse(finished.get(i));
      assertThat(end).as(done.prettify()).isAfterOrEqualTo(start);
      if (i > 0) {
        assertThat(start).as(done.prettify()).isAfterOrEqualTo(Instant.parse(finished.get(i - 1)));
      }
    }
    assertThat(
            masterValue(
                Long.class,
                "SELECT count(*) FROM bus_events WHERE topic = 'job.changed' AND CAST(payload AS"
                    + " jsonb) ->> 'jobId' = ?",
                job))
        .as("queued, claimed, seed, succeeded")
        .isEqualTo(4);
  }

  /**
   * Waits until this instance holds a primed connection to the oldest READY entry of {@code
   * server}, the one the next claim there takes, and returns that entry.
   */
  private UUID awaitPrimedOldest(DatabaseServer server) {
    AtomicReference<UUID> oldest = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              primed.primeSoon(server);
              oldest.set(oldestReady(server.id));
              return primed.primed().contains(oldest.get());
            });
    return oldest.get();
  }

  private UUID oldestReady(UUID serverId) throws SQLException {
    return masterValue(
        UUID.class,
        "SELECT id FROM warm_pool_entries WHERE server_id = ? AND state = 'READY' AND"
            + " schema_version = ? ORDER BY created_at, id LIMIT 1",
        serverId,
        ClientSchema.currentVersion());
  }

  private UUID claimedEntry(String storeId) throws SQLException {
    return masterValue(
        UUID.class,
        "SELECT id FROM warm_pool_entries WHERE claimed_store_id = ?",
        UUID.fromString(storeId));
  }

  /** An entry's state, or "gone" when it has no row. */
  private String state(UUID entry) throws SQLException {
    return Optional.ofNullable(
            masterValue(String.class, "SELECT state FROM warm_pool_entries WHERE id = ?", entry))
        .orElse("gone");
  }

  /** The state of the entry {@code storeId} claimed, or "gone" when no entry names it. */
  private String entryState(String storeId) throws SQLException {
    return Optional.ofNullable(
            masterValue(
                String.class,
                "SELECT state FROM warm_pool_entries WHERE claimed_store_id = ?",
                UUID.fromString(storeId)))
        .orElse("gone");
  }

  /**
   * A number {@code sql} reads in {@code entry}'s database, as the server's admin: its {@code
   * categories} rows, or (PostgreSQL's {@code pg_stat_user_tables.n_tup_ins}, which a session
   * reports within seconds of going idle) the rows ever inserted there, rolled back ones included.
   */
  private long inEntry(DatabaseServer server, UUID entry, String sql) throws SQLException {
    String database =
        masterValue(
            String.class, "SELECT database_name FROM warm_pool_entries WHERE id = ?", entry);
    try (Connection c = servers.adminLogin(server).onDatabase(database).open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of the first row {@code sql} reads from the master, or null without one. */
  private <T> T masterValue(Class<T> type, String sql, Object... parameters) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getObject(1, type) : null;
      }
    }
  }

  private double counter(String name) {
    return Optional.ofNullable(registry.find(name).tag("server", "default-mysql").counter())
        .map(Counter::count)
        .orElse(0.0);
  }

  private void awaitFull() {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              JsonPath list = asAdmin().get("/api/v1/database-servers").jsonPath();
              return list.getList("findAll { it.status == 'active' }.pool.ready").stream()
                  .allMatch(ready -> ((Number) ready).intValue() >= SIZE);
            });
  }

  private DatabaseServer server(String name) {
    return servers.list().stream()
        .map(DatabaseServerService.ServerUsage::server)
        .filter(s -> s.name.equals(name))
        .findFirst()
        .orElseThrow();
  }

  private Map<String, String> claimsByStore() throws SQLException {
    Map<String, String> claims = new HashMap<>();
    try (Connection c = master.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT CAST(claimed_store_id AS varchar), database_name FROM warm_pool_entries"
                    + " WHERE state IN ('CLAIMED', 'HANDED_OVER')")) {
      while (rs.next()) {
        assertThat(claims.put(rs.getString(1), rs.getString(2))).isNull();
      }
    }
    return claims;
  }

  private static boolean backendAlive(Connection c, int pid) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
      s.setInt(1, pid);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean mysqlSchemaExists(String name) {
    try (Connection c = TestDatabases.mysql().connectAdmin("mysql");
        PreparedStatement s =
            c.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonPath create(String type) {
    return ManagedStores.create(type, "Warm pool store", "wp-");
  }
}
