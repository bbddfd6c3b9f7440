package io.storeplane.api.fleet;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.fleet.FleetStores.execute;
import static io.storeplane.api.fleet.FleetStores.migrator;
import static io.storeplane.api.fleet.FleetStores.provisionAll;
import static io.storeplane.api.fleet.FleetStores.rebuildAt;
import static io.storeplane.api.fleet.FleetStores.request;
import static io.storeplane.api.fleet.FleetStores.wave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.TestCallers;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.fleet.migrate.MigrationOutcome;
import io.storeplane.fleet.migrate.MigrationRequest;
import io.storeplane.fleet.migrate.MigrationResult;
import io.storeplane.fleet.migrate.StoreSchemaMigration;
import io.storeplane.fleet.migrate.runtime.MigrationConfig;
import io.storeplane.fleet.rollout.ItemState;
import io.storeplane.fleet.rollout.RolloutChanged;
import io.storeplane.fleet.rollout.RolloutRecords;
import io.storeplane.fleet.rollout.Rollouts;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollouts through the REST API on real PostgreSQL 15 and MariaDB 10.11 stores provisioned at
 * version 3 (as before version 4 was released): a canary, its soak and two waves of two workers
 * reach every selected store once, the ledger and each store's catalog agree; stores whose data
 * version 4 cannot take fail and pause the wave at the threshold, retry-failed finishes them once
 * fixed; pause, resume and cancel during the canary's soak (a failure while paused by an operator
 * still pauses it for the failure rate, a store migrating when it is cancelled ends skipped rather
 * than pending); a store held by a worker that died is taken over from the master's record and
 * migrated once; a rollout whose workers all died is given new ones by the sweep, and a store every
 * worker died on fails at its last attempt; a sweep announces only a rollout it changed; bad
 * requests are problems.
 */
@QuarkusTest
class RolloutTest {

  private static final int TARGET = 4;

  @Inject DataSource master;
  @Inject MigrationConfig migrationConfig;
  @Inject StoreSchemaMigration migration;
  @Inject RolloutRecords records;
  @Inject Rollouts rollouts;
  @Inject EventBus bus;

  private final List<TestDatabase> databases = new ArrayList<>();

  @BeforeEach
  void allowTestDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
  }

  @Test
  void aCanaryThenTwoWavesReachEveryStoreOnce() throws Exception {
    List<TestDatabase> dbs =
        List.of(
            database(Engine.POSTGRESQL),
            database(Engine.MYSQL),
            database(Engine.POSTGRESQL),
            database(Engine.MYSQL),
            database(Engine.POSTGRESQL),
            database(Engine.POSTGRESQL));
    List<String> stores = provisionAll(dbs);
    Map<String, TestDatabase> older = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      rebuildAt(dbs.get(i), 3, master, stores.get(i));
      older.put(stores.get(i), dbs.get(i));
    }
    String upToDate = stores.get(5);

    Response started =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(request(stores, Map.of("count", 1, "soak", "PT1S"), wave(50, 2), wave(100, 2)))
            .post("/api/v1/rollouts");
    started.then().statusCode(202);
    String id = started.jsonPath().getString("id");
    assertThat(started.header("Location")).endsWith("/api/v1/rollouts/" + id);

    JsonPath done = awaitState(id, "completed");
    assertThat(done.getInt("counts.total")).isEqualTo(6);
    assertThat(done.getInt("counts.applied")).isEqualTo(5);
    assertThat(done.getInt("counts.skipped")).isEqualTo(1);
    assertThat(done.getInt("counts.failed")).isZero();
    // the canary, then wave 1 up to 50% of the five stores to migrate (3), then the rest
    assertThat(done.getList("waves.storeCount", Integer.class)).containsExactly(1, 2, 2);
    assertThat(done.getList("waves.counts.applied", Integer.class)).containsExactly(1, 2, 2);
    Instant canaryEnded = Instant.parse(done.getString("waves[0].finishedAt"));
    assertThat(Instant.parse(done.getString("waves[1].startedAt")))
        .as("wave 1 starts after the canary's soak")
        .isAfterOrEqualTo(canaryEnded.plusSeconds(1));
    assertThat(Instant.parse(done.getString("waves[2].startedAt")))
        .isAfterOrEqualTo(Instant.parse(done.getString("waves[1].finishedAt")));

    List<Map<String, Object>> items = done.getList("stores.items");
    assertThat(items).hasSize(6);
    for (Map<String, Object> item : items) {
      String store = (String) item.get("storeId");
      if (store.equals(upToDate)) {
        assertThat(item).containsEntry("state", "skipped").containsEntry("phase", -1);
        assertThat(ledgerOf(store, TARGET)).as("never migrated").doesNotContain(id);
        continue;
      }
      assertThat(item).containsEntry("state", "applied").containsEntry("attempts", 1);
      assertThat(item).containsEntry("fromVersion", 3).containsEntry("toVersion", TARGET);
      // the ledger: version 4 applied once, by this rollout; the store's own history agrees
      assertThat(ledgerOf(store, TARGET)).isEqualTo("APPLIED|MIGRATION|1|" + id);
      assertThat(migrator(older.get(store)).installedVersion()).isEqualTo(TARGET);
      JsonPath schema =
          asAdmin()
              .get("/api/v1/stores/" + store + "/schema")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(schema.getInt("version")).isEqualTo(TARGET);
      assertThat(schema.getString("state")).as(schema.prettify()).isEqualTo("clean");
    }
    assertThat(rolloutJobsStillActive(id)).isZero();

    // the event stream of an ended rollout: its last view, then the end
    String events =
        asAdmin().accept("text/event-stream").get("/api/v1/rollouts/" + id + "/events").asString();
    assertThat(events).contains("\"state\":\"completed\"");

    // viewers read rollouts; the list shows it
    String viewer = TestCallers.tokenForNewUser("viewer");
    as(viewer).get("/api/v1/rollouts/" + id).then().statusCode(200);
    assertThat(as(viewer).get("/api/v1/rollouts?size=200").jsonPath().getList("items.id"))
        .contains(id);
  }

  @Test
  void storesWhoseDataBreaksTheVersionPauseTheWaveAtTheThreshold() throws Exception {
    List<TestDatabase> dbs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      dbs.add(database(Engine.POSTGRESQL));
    }
    List<String> stores = storesAt(3, dbs);
    List<TestDatabase> bad = List.of(dbs.get(1), dbs.get(2));
    for (TestDatabase db : bad) {
      orderLineVersionFourCannotTake(db);
    }
    Map<String, Object> body = request(stores, null, wave(100, 1));
    body.put("maxFailureRate", 0.25);
    String id = start(body);

    // one worker, oldest first: applied, failed (25%: not past the limit), failed (50%): paused
    JsonPath paused = awaitState(id, "paused");
    assertThat(paused.getInt("counts.applied")).isEqualTo(1);
    assertThat(paused.getInt("counts.failed")).isEqualTo(2);
    assertThat(paused.getInt("counts.pending")).isEqualTo(1);
    assertThat(paused.getString("pauseReason")).startsWith("Wave 1: 2 of 4 stores failed");
    JsonPath failed =
        asAdmin()
            .queryParam("state", "failed")
            .get("/api/v1/rollouts/" + id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(failed.getList("stores.items.storeId"))
        .containsExactly(stores.get(1), stores.get(2));
    assertThat(failed.getList("stores.items.errorCode")).containsOnly("migration-failed");
    assertThat(failed.getList("stores.items.attempts", Integer.class))
        .as("data the version cannot take is not retried")
        .containsOnly(1);

    String viewer = TestCallers.tokenForNewUser("viewer");
    as(viewer).post("/api/v1/rollouts/" + id + "/resume").then().statusCode(403);
    problem(asAdmin().post("/api/v1/rollouts/" + id + "/pause"), 409, "rollout-state-conflict");

    // resumed, the failures seen no longer pause it: the last store is migrated
    asAdmin()
        .post("/api/v1/rollouts/" + id + "/resume")
        .then()
        .statusCode(200)
        .body("state", equalTo("running"));
    JsonPath completed = awaitState(id, "completed");
    assertThat(completed.getInt("counts.applied")).isEqualTo(2);
    assertThat(completed.getInt("counts.failed")).isEqualTo(2);

    for (TestDatabase db : bad) {
      execute(db, "DELETE FROM order_items");
    }
    asAdmin().post("/api/v1/rollouts/" + id + "/retry-failed").then().statusCode(200);
    JsonPath fixed = awaitState(id, "completed");
    assertThat(fixed.getInt("counts.applied")).isEqualTo(4);
    assertThat(fixed.getInt("counts.failed")).isZero();
    for (String store : stores) {
      assertThat(ledgerOf(store, TARGET)).startsWith("APPLIED|MIGRATION|").endsWith("|" + id);
    }
    problem(
        asAdmin().post("/api/v1/rollouts/" + id + "/retry-failed"), 409, "rollout-state-conflict");
  }

  @Test
  void pauseResumeAndCancelDuringTheCanarysSoak() throws Exception {
    TestDatabase second = database(Engine.MYSQL);
    List<String> stores = storesAt(3, List.of(database(Engine.POSTGRESQL), second));
    String id = soakingAfterTheCanary(stores);

    JsonPath soaking = rollout(id);
    assertThat(soaking.getString("state")).isEqualTo("running");
    assertThat(soaking.getBoolean("requireCleanPreflight")).as("not asked for").isFalse();
    assertThat(Instant.parse(soaking.getString("phaseStartsAt")))
        .isAfter(Instant.now().plus(Duration.ofMinutes(50)));
    assertThat(Duration.parse(soaking.getString("estimatedTimeLeft")))
        .as("the soak left counts")
        .isGreaterThan(Duration.ofMinutes(50));
    assertThat(soaking.getInt("counts.pending")).isEqualTo(1);

    asAdmin()
        .post("/api/v1/rollouts/" + id + "/pause")
        .then()
        .statusCode(200)
        .body("state", equalTo("paused"));
    assertThat(rollout(id).getString("pauseReason")).startsWith("Paused by ");

    // a store still migrating when the operator paused fails past the limit: the pause becomes
    // the automatic one (the worker: a queued one of wave 1, waiting for the soak, so alive)
    UUID rollout = UUID.fromString(id);
    UUID store = UUID.fromString(stores.get(1));
    UUID worker = queuedWorker(id);
    claim(rollout, store, worker);
    assertThat(
            records.finish(
                rollout,
                worker,
                result(store, MigrationOutcome.FAILED, false),
                5,
                Duration.ofSeconds(1),
                Instant.now()))
        .contains(ItemState.FAILED);
    assertThat(rollout(id).getString("pauseReason"))
        .startsWith("Wave 1: 1 of 1 stores failed (100.0%)")
        .contains("(while paused: Paused by ");

    claim(rollout, store, worker);
    asAdmin()
        .post("/api/v1/rollouts/" + id + "/resume")
        .then()
        .statusCode(200)
        .body("state", equalTo("running"));
    problem(asAdmin().post("/api/v1/rollouts/" + id + "/resume"), 409, "rollout-state-conflict");
    asAdmin()
        .post("/api/v1/rollouts/" + id + "/cancel")
        .then()
        .statusCode(200)
        .body("state", equalTo("cancelled"))
        .body("counts.running", equalTo(1))
        .body("counts.applied", equalTo(1));
    // the store migrating when it was cancelled comes back busy: skipped, not pending again
    assertThat(
            records.finish(
                rollout,
                worker,
                result(store, MigrationOutcome.BUSY, true),
                5,
                Duration.ofSeconds(1),
                Instant.now()))
        .contains(ItemState.SKIPPED);
    JsonPath cancelled = rollout(id);
    assertThat(cancelled.getInt("counts.skipped")).isEqualTo(1);
    assertThat(cancelled.getString("stores.items[1].errorMessage"))
        .startsWith("The rollout was cancelled while this store migrated");
    problem(asAdmin().post("/api/v1/rollouts/" + id + "/cancel"), 409, "rollout-state-conflict");
    problem(
        asAdmin().post("/api/v1/rollouts/" + id + "/retry-failed"), 409, "rollout-state-conflict");
    assertThat(migrator(second).installedVersion()).as("cancelled before it").isEqualTo(3);
    await().atMost(Duration.ofSeconds(30)).until(() -> rolloutJobsStillActive(id) == 0);
    assertThat(migrator(second).installedVersion()).isEqualTo(3);
  }

  /**
   * A worker that died holding a store after migrating it: the rollout's record in the master says
   * so (the store running, claimed by a job that no longer runs); once resumed, a worker takes the
   * store over, finds it migrated by this rollout and records it applied, without migrating again.
   */
  @Test
  void aStoreHeldByAWorkerThatDiedIsTakenOverAndMigratedOnce() throws Exception {
    List<String> stores = storesAt(3, List.of(database(Engine.POSTGRESQL), database(Engine.MYSQL)));
    String id = soakingAfterTheCanary(stores);
    asAdmin().post("/api/v1/rollouts/" + id + "/pause").then().statusCode(200);

    // the dead worker claimed the second store and migrated it, then its instance died
    UUID rollout = UUID.fromString(id);
    UUID store = UUID.fromString(stores.get(1));
    heldByADeadWorker(rollout, store, 1);
    assertThat(
            migration.migrate(new MigrationRequest(store, TARGET, Optional.of(rollout))).outcome())
        .isEqualTo(MigrationOutcome.APPLIED);
    // the soak ends
    masterUpdate("UPDATE rollouts SET phase_starts_at = now() WHERE id = ?", rollout);

    asAdmin().post("/api/v1/rollouts/" + id + "/resume").then().statusCode(200);
    JsonPath done = awaitState(id, "completed");
    assertThat(done.getInt("counts.applied")).isEqualTo(2);
    Map<String, Object> taken = done.getMap("stores.items[1]");
    assertThat(taken).containsEntry("storeId", stores.get(1)).containsEntry("state", "applied");
    assertThat(taken).containsEntry("attempts", 2);
    assertThat(ledgerOf(stores.get(1), TARGET))
        .as("migrated once")
        .isEqualTo("APPLIED|MIGRATION|1|" + id);
  }

  /**
   * Every worker of a rollout died (here: its queued wave-1 workers ended failed) while a store was
   * held by a worker that died on it as many times as a store is tried: the sweep releases the
   * store and queues the phase's workers again; the store is not handed out once more but recorded
   * failed, which pauses the rollout at its failure rate.
   */
  @Test
  void theSweepGivesARolloutWithoutWorkersNewOnesAndAPoisonStoreFails() throws Exception {
    List<String> stores =
        storesAt(3, List.of(database(Engine.POSTGRESQL), database(Engine.POSTGRESQL)));
    String id = soakingAfterTheCanary(stores);
    UUID rollout = UUID.fromString(id);
    heldByADeadWorker(rollout, UUID.fromString(stores.get(1)), 5);
    masterUpdate("UPDATE rollouts SET phase_starts_at = now() WHERE id = ?", rollout);
    // last, so that a sweep of the application's own in between finds live workers and does nothing
    masterUpdate(
        "UPDATE jobs SET status = 'FAILED', finished_at = now(), updated_at = now()"
            + " WHERE kind = 'fleet.rollout' AND parameters ->> 'rolloutId' = ?"
            + " AND status = 'QUEUED'",
        id);

    // the canary's worker may still be ending: the sweep queues workers once none lives
    String round = UUID.randomUUID().toString();
    JsonPath paused =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  rollouts.sweep(rollout, round);
                  return rollout(id);
                },
                r -> r.getString("state").equals("paused"));
    assertThat(paused.getString("pauseReason")).startsWith("Wave 1: 1 of 1 stores failed");
    Map<String, Object> poison = paused.getMap("stores.items[1]");
    assertThat(poison)
        .containsEntry("storeId", stores.get(1))
        .containsEntry("state", "failed")
        .containsEntry("attempts", 5)
        .containsEntry("errorCode", "job-crashed");
    assertThat(ledgerOf(stores.get(1), TARGET)).as("never migrated again").doesNotContain(id);
    assertThat(rollouts.sweep(rollout, UUID.randomUUID().toString()))
        .as("a paused rollout is not swept")
        .isFalse();
    await().atMost(Duration.ofSeconds(30)).until(() -> rolloutJobsStillActive(id) == 0);
  }

  /**
   * The sweep announces a rollout changed ({@code rollout.changed} on the bus, which every stream
   * of it reads the rollout again for) only when it changed it: a healthy rollout in its canary's
   * soak, its wave's worker queued, is swept without a word; a store a dead worker held is put back
   * to pending, and that is announced.
   */
  @Test
  void theSweepAnnouncesOnlyARolloutItChanged() throws Exception {
    List<String> stores =
        storesAt(3, List.of(database(Engine.POSTGRESQL), database(Engine.POSTGRESQL)));
    String id = soakingAfterTheCanary(stores);
    // the canary's worker ends; wave 1's waits, queued, for the soak
    await().atMost(Duration.ofSeconds(30)).until(() -> rolloutJobs(id, "RUNNING").isEmpty());
    assertThat(rolloutJobs(id, "QUEUED")).isNotEmpty();
    UUID rollout = UUID.fromString(id);

    List<RolloutChanged> announced = new CopyOnWriteArrayList<>();
    try (Subscription ignored =
        bus.subscribe(
            RolloutChanged.TOPIC,
            changed -> {
              if (changed.rolloutId().equals(rollout)) {
                announced.add(changed);
              }
            })) {
      assertThat(rollouts.sweep(rollout, UUID.randomUUID().toString()))
          .as("its worker lives")
          .isFalse();
      assertThat(announced).as("nothing changed, nothing announced").isEmpty();

      // a worker that died holding the second store: the sweep puts it back, and says so
      heldByADeadWorker(rollout, UUID.fromString(stores.get(1)), 1);
      assertThat(rollouts.sweep(rollout, UUID.randomUUID().toString())).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> !announced.isEmpty());
      assertThat(announced).hasSize(1);
      assertThat(rollout(id).getString("stores.items[1].state")).isEqualTo("pending");
    }

    asAdmin().post("/api/v1/rollouts/" + id + "/cancel").then().statusCode(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> rolloutJobsStillActive(id) == 0);
  }

  /**
   * A store whose migration meets a lock it may not wait for (a long read holding {@code
   * order_items}, which version 4 alters) gives up within the lock timeout, so the store's other
   * readers, queued behind the migration's lock request, wait no longer than that; the store goes
   * back to pending and is migrated once by a later attempt after the lock is gone.
   */
  @Test
  void aStoreHeldByALockIsRetriedAfterTheLockTimeoutAndMigratedOnce() throws Exception {
    TestDatabase db = database(Engine.POSTGRESQL);
    String store = storesAt(3, List.of(db)).get(0);
    String id;
    JsonPath waited;
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeQuery("SELECT count(*) FROM order_items").close();
      }
      id = start(request(List.of(store), null, wave(100, 1)));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> FleetStores.waitingForLock(db));
      long readStarted = System.nanoTime();
      try (Connection reader = db.connect();
          Statement s = reader.createStatement()) {
        s.executeQuery("SELECT count(*) FROM order_items").close();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - readStarted))
          .as("a reader behind the waiting migration")
          .isLessThan(migrationConfig.lockTimeout().plusSeconds(2));
      waited =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> rollout(id),
                  r -> "schema-lock-timeout".equals(r.getString("stores.items[0].errorCode")));
      holder.rollback();
    }
    assertThat(waited.getString("state")).as(waited.prettify()).isEqualTo("running");
    assertThat(waited.getString("stores.items[0].state")).isIn("pending", "running");
    assertThat(waited.getInt("stores.items[0].attempts")).isEqualTo(1);

    JsonPath done = awaitState(id, "completed");
    assertThat(done.getInt("counts.applied")).as(done.prettify()).isEqualTo(1);
    assertThat(done.getInt("stores.items[0].attempts")).isGreaterThanOrEqualTo(2);
    assertThat(ledgerOf(store, TARGET)).startsWith("APPLIED|MIGRATION|").endsWith("|" + id);
    assertThat(migrator(db).installedVersion()).isEqualTo(TARGET);
  }

  @Test
  void aBadRequestIsAProblem() {
    String store = TestCallers.newStore();
    List<String> one = List.of(store);
    problem(post(request(one, null, wave(50, 2), wave(40, 2))), 400, "rollout-invalid");
    problem(post(request(one, null, wave(50, 2))), 400, "rollout-invalid");
    problem(post(request(one, null, wave(100, 0))), 400, "rollout-invalid");
    problem(post(request(one, null, wave(100, 17))), 400, "rollout-invalid");
    problem(post(request(one, Map.of("count", -1), wave(100, 1))), 400, "rollout-invalid");
    problem(
        post(request(one, Map.of("count", 1, "soak", "ten minutes"), wave(100, 1))),
        400,
        "validation-failed");
    problem(
        post(request(one, Map.of("count", 1, "soak", "P31D"), wave(100, 1))),
        400,
        "rollout-invalid");
    problem(
        post(request(one, Map.of("count", 1, "soak", "P999999999D"), wave(100, 1))),
        400,
        "rollout-invalid");
    Map<String, Object> rate = request(one, null, wave(100, 1));
    rate.put("maxFailureRate", 1.5);
    problem(post(rate), 400, "rollout-invalid");
    Map<String, Object> policy = request(one, null, wave(100, 1));
    policy.put("onFailure", "explode");
    problem(post(policy), 400, "validation-failed");
    Map<String, Object> version = request(one, null, wave(100, 1));
    version.put("targetVersion", 99);
    problem(post(version), 400, "unknown-schema-version");
    Map<String, Object> noWaves = request(one, null);
    problem(post(noWaves), 400, "validation-failed");
    Map<String, Object> plan = request(one, null, wave(100, 1));
    plan.put("selector", Map.of("plans", List.of("no-such-plan")));
    problem(post(plan), 400, "rollout-invalid");
    Map<String, Object> engine = request(one, null, wave(100, 1));
    engine.put("selector", Map.of("engines", List.of("oracle")));
    problem(post(engine), 400, "rollout-invalid");
    problem(
        post(request(List.of(UUID.randomUUID().toString()), null, wave(100, 1))),
        400,
        "rollout-invalid");
    // a store without a database is never selected
    problem(post(request(one, null, wave(100, 1))), 400, "rollout-selects-no-store");

    problem(asAdmin().get("/api/v1/rollouts/" + UUID.randomUUID()), 404, "rollout-not-found");
    problem(asAdmin().get("/api/v1/rollouts/not-an-id"), 404, "rollout-not-found");
    problem(
        asAdmin().post("/api/v1/rollouts/" + UUID.randomUUID() + "/pause"),
        404,
        "rollout-not-found");
    as(TestCallers.tokenForNewUser("viewer"))
        .contentType(ContentType.JSON)
        .body(request(one, null, wave(100, 1)))
        .post("/api/v1/rollouts")
        .then()
        .statusCode(403);
  }

  private TestDatabase database(Engine engine) {
    TestDatabase db = TestDatabases.server(engine).createDatabase("rollout");
    databases.add(db);
    return db;
  }

  /** Stores on {@code dbs}, provisioned together, then rebuilt at {@code version}. */
  private List<String> storesAt(int version, List<TestDatabase> dbs) throws SQLException {
    List<String> stores = provisionAll(dbs);
    for (int i = 0; i < dbs.size(); i++) {
      rebuildAt(dbs.get(i), version, master, stores.get(i));
    }
    return stores;
  }

  /** An order line without a variant: version 4 cannot fill its new NOT NULL sku. */
  private static void orderLineVersionFourCannotTake(TestDatabase db) throws SQLException {
    execute(
        db,
        "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total) VALUES"
            + " ('7d0c9a8e-3333-4f3e-8a51-000000000003', 'N-1', 'a@b.example', 'EUR', 10, 10)",
        "INSERT INTO order_items (id, order_id, variant_id, title, quantity, unit_price,"
            + " line_total) VALUES ('7d0c9a8e-3333-4f3e-8a51-000000000004',"
            + " '7d0c9a8e-3333-4f3e-8a51-000000000003', NULL, 'Tee', 1, 10, 10)");
  }

  /**
   * Starts a rollout of {@code stores} whose canary (the first store) soaks for an hour, and waits
   * until the canary is migrated and wave 1's worker waits for the soak.
   */
  private static String soakingAfterTheCanary(List<String> stores) {
    String id = start(request(stores, Map.of("count", 1, "soak", "PT1H"), wave(100, 1)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> rollout(id), r -> r.getInt("counts.applied") == 1 && r.getInt("phase") == 1);
    return id;
  }

  private static Response post(Map<String, Object> body) {
    return asAdmin().contentType(ContentType.JSON).body(body).post("/api/v1/rollouts");
  }

  private static String start(Map<String, Object> body) {
    return post(body).then().statusCode(202).extract().jsonPath().getString("id");
  }

  private static void problem(Response response, int status, String code) {
    response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:storeplane:problem:" + code));
  }

  private static JsonPath rollout(String id) {
    return asAdmin()
        .queryParam("size", 200)
        .get("/api/v1/rollouts/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath awaitState(String id, String state) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> rollout(id), r -> r.getString("state").equals(state));
  }

  /** The ledger's row of a store's version: state|path|attempts|rollout. */
  private String ledgerOf(String store, int version) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT state || '|' || path || '|' || attempts || '|' || COALESCE(rollout_id::text,"
                    + " 'none') FROM store_schema_versions WHERE store_id = ? AND version = ?")) {
      s.setObject(1, UUID.fromString(store));
      s.setInt(2, version);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    }
  }

  /** A queued worker of the rollout. */
  private UUID queuedWorker(String id) throws SQLException {
    List<UUID> queued = rolloutJobs(id, "QUEUED");
    assertThat(queued).as("a queued worker").isNotEmpty();
    return queued.get(0);
  }

  /**
   * The store as a worker that has since died left it, after {@code attempts} claims: running, held
   * by a job that does not exist.
   */
  private void heldByADeadWorker(UUID rollout, UUID store, int attempts) throws SQLException {
    masterUpdate(
        "UPDATE rollout_items SET state = 'RUNNING', claimed_by = ?, attempts = ?"
            + " WHERE rollout_id = ? AND store_id = ?",
        UUID.randomUUID(),
        attempts,
        rollout,
        store);
  }

  /** The store as the worker's claim records it: running, held by {@code worker}. */
  private void claim(UUID rollout, UUID store, UUID worker) throws SQLException {
    masterUpdate(
        "UPDATE rollout_items SET state = 'RUNNING', claimed_by = ?, attempts = 1,"
            + " finished_at = NULL, error_code = NULL, error_message = NULL"
            + " WHERE rollout_id = ? AND store_id = ?",
        worker,
        rollout,
        store);
  }

  private static MigrationResult result(UUID store, MigrationOutcome outcome, boolean retryable) {
    return new MigrationResult(
        store,
        outcome,
        3,
        3,
        0,
        Optional.of(outcome == MigrationOutcome.BUSY ? "store-schema-busy" : "migration-failed"),
        outcome == MigrationOutcome.BUSY ? "Another schema change of the store runs" : "Bad data",
        retryable,
        Duration.ofMillis(5));
  }

  private int rolloutJobsStillActive(String id) throws SQLException {
    return rolloutJobs(id, "QUEUED", "RUNNING").size();
  }

  /** The rollout's workers in one of {@code statuses}. */
  private List<UUID> rolloutJobs(String id, String... statuses) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM jobs WHERE kind = 'fleet.rollout'"
                    + " AND parameters ->> 'rolloutId' = ? AND status = ANY (?)")) {
      s.setString(1, id);
      s.setArray(2, c.createArrayOf("text", statuses));
      List<UUID> jobs = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          jobs.add(rs.getObject(1, UUID.class));
        }
      }
      return jobs;
    }
  }

  private void masterUpdate(String sql, Object... values) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }
}
