package io.storeplane.api.fleet;

import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.fleet.FleetStores.dialect;
import static io.storeplane.api.fleet.FleetStores.execute;
import static io.storeplane.api.fleet.FleetStores.migrator;
import static io.storeplane.api.fleet.FleetStores.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestApi;
import io.storeplane.api.TestCallers;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.fleet.migrate.MigrationLimits;
import io.storeplane.fleet.migrate.MigrationOutcome;
import io.storeplane.fleet.migrate.MigrationRequest;
import io.storeplane.fleet.migrate.MigrationResult;
import io.storeplane.fleet.migrate.SchemaTarget;
import io.storeplane.fleet.migrate.SchemaTargets;
import io.storeplane.fleet.migrate.StoreSchemaMigration;
import io.storeplane.master.schema.SchemaLedger;
import io.storeplane.master.schema.StoreSchemaLock;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schema-version ledger and one store's migration on real PostgreSQL 15 and MariaDB 10.11: the
 * ledger provisioning writes, a store at version 3 (as provisioned before version 4) migrated to 4,
 * skipped without a connection, busy under the store's schema lock, giving up within the lock
 * timeout while a long transaction holds a table version 4 alters (a concurrent read waits no
 * longer), failing on data version 4 cannot take with the error and attempts in the ledger, an
 * unexpected failure of the store's migration returned as a failed result, and provisioning waiting
 * while a migration holds the store.
 */
@QuarkusTest
class StoreSchemaMigrationTest {

  private static final int CURRENT = ClientSchema.currentVersion();

  /** The default {@code storeplane.fleet.migration.lock-timeout}. */
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(3);

  @Inject StoreSchemaMigration migration;
  @Inject StoreSchemaLock lock;
  @Inject SchemaLedger schemaLedger;
  @Inject Clock clock;
  @Inject DataSource master;

  private final List<TestDatabase> databases = new ArrayList<>();

  @BeforeEach
  void allowTestDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void provisioningRecordsEveryVersionItAppliedAndTheOnesItFound(Engine engine) throws Exception {
    TestDatabase db = database(engine);
    migrator(db).migrateTo(2);
    String store = provision(db);

    assertThat(ledger(store))
        .containsExactlyElementsOf(
            ClientSchema.versions().stream()
                .map(
                    v ->
                        "%d|APPLIED|%s|%d|%d"
                            .formatted(
                                v, v <= 2 ? "ADOPTED" : "FLYWAY", v <= 2 ? 0 : 1, checksum(db, v)))
                .toList());
    assertThat(current(store)).isEqualTo(CURRENT);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void managedProvisioningRecordsTheCurrentVersion(Engine engine) throws Exception {
    String type = engine == Engine.POSTGRESQL ? "managed-postgresql" : "managed-mysql";
    JsonPath created = TestCallers.newStore("Ledger store", "ledger", Map.of("type", type));
    JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    String store = created.getString("id");
    try {
      assertThat(current(store)).isEqualTo(CURRENT);
      assertThat(ledger(store))
          .hasSize(CURRENT)
          .allSatisfy(row -> assertThat(row).matches("\\d+\\|APPLIED\\|(FLYWAY|TEMPLATE)\\|.*"));
    } finally {
      String slug = created.getString("slug");
      asAdmin()
          .contentType(ContentType.JSON)
          .body(Map.of("action", "purge", "confirm", slug))
          .post("/api/v1/stores/" + store + "/deprovision")
          .then()
          .statusCode(200);
    }
    assertThat(ledger(store)).as("purged: the ledger forgets the database").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migratesAStoreAtVersionThreeToFour(Engine engine) throws Exception {
    TestDatabase db = database(engine);
    String store = storeAtVersionThree(db);
    execute(db, orderLineWithoutSku("'" + VARIANT + "'"));

    MigrationResult result = migration.migrate(MigrationRequest.of(UUID.fromString(store), 4));

    assertThat(result.outcome()).as(result.message()).isEqualTo(MigrationOutcome.APPLIED);
    assertThat(result.fromVersion()).isEqualTo(3);
    assertThat(result.toVersion()).isEqualTo(4);
    assertThat(result.versionsApplied()).isEqualTo(1);
    assertThat(result.errorCode()).isEmpty();
    assertThat(migrator(db).installedVersion()).isEqualTo(4);
    assertThat(rows(db, "SELECT sku FROM order_items")).containsExactly("SKU-1");
    assertThat(ledger(store).get(3)).isEqualTo("4|APPLIED|MIGRATION|1|" + checksum(db, 4));
    assertThat(timing(store, 4)).isEqualTo("true|true|true");
    assertThat(current(store)).isEqualTo(4);

    MigrationResult again = migration.migrate(MigrationRequest.of(UUID.fromString(store), 4));
    assertThat(again.outcome()).isEqualTo(MigrationOutcome.SKIPPED);

    // the ledger through the API: platform roles, viewers included; the store's database unopened
    JsonPath ledger =
        TestApi.as(TestCallers.tokenForNewUser("viewer"))
            .get("/api/v1/stores/" + store + "/schema/versions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(ledger.getInt("currentVersion")).isEqualTo(4);
    assertThat(ledger.getInt("latestVersion")).isEqualTo(CURRENT);
    assertThat(ledger.getList("versions.version", Integer.class)).containsExactly(1, 2, 3, 4);
    assertThat(ledger.getString("versions[3].state")).isEqualTo("applied");
    assertThat(ledger.getString("versions[3].path")).isEqualTo("migration");
    assertThat(ledger.getInt("versions[3].attempts")).isEqualTo(1);
    assertThat(ledger.getInt("versions[3].checksum")).isEqualTo(checksum(db, 4));
    assertThat(ledger.getString("versions[0].path")).isEqualTo("flyway");
    TestApi.as(TestCallers.tokenForStore(store))
        .get("/api/v1/stores/" + store + "/schema/versions")
        .then()
        .statusCode(403);
    asAdmin()
        .get("/api/v1/stores/" + UUID.randomUUID() + "/schema/versions")
        .then()
        .statusCode(404);
    asAdmin().get("/api/v1/stores/not-an-id/schema/versions").then().statusCode(404);
  }

  /** A store the ledger knows at the target is skipped from the ledger: its database is gone. */
  @Test
  void skipsAStoreAtTheTargetWithoutOpeningItsDatabase() throws Exception {
    TestDatabase db = database(Engine.POSTGRESQL);
    String store = provision(db);
    db.dropNow(); // gone: any connection attempt would fail the migration

    for (int target : List.of(CURRENT, 1)) {
      MigrationResult result =
          migration.migrate(MigrationRequest.of(UUID.fromString(store), target));
      assertThat(result.outcome()).as(result.message()).isEqualTo(MigrationOutcome.SKIPPED);
      assertThat(result.fromVersion()).isEqualTo(CURRENT);
    }
  }

  @Test
  void isBusyWhileTheStoresSchemaLockIsHeld() throws Exception {
    TestDatabase db = database(Engine.POSTGRESQL);
    String store = storeAtVersionThree(db);
    List<String> before = ledger(store);

    try (StoreSchemaLock.Held held = lock.tryAcquire(UUID.fromString(store)).orElseThrow()) {
      MigrationResult result = migration.migrate(MigrationRequest.of(UUID.fromString(store), 4));
      assertThat(result.outcome()).isEqualTo(MigrationOutcome.BUSY);
      assertThat(result.errorCode()).contains("store-schema-busy");
      assertThat(result.retryable()).isTrue();
    }
    assertThat(ledger(store)).isEqualTo(before);
    assertThat(migrator(db).installedVersion()).isEqualTo(3);
    assertThat(lock.isHeld(UUID.fromString(store))).isFalse();
  }

  /**
   * Something unexpected the store's migration throws (here its target's version check) is the
   * store's failure, not an exception: FAILED with job-crashed, not retryable, the ledger as it
   * was, the target closed and the store's schema lock released.
   */
  @Test
  void anUnexpectedFailureOfTheStoresMigrationIsAFailedResult() throws Exception {
    TestDatabase db = database(Engine.POSTGRESQL);
    String store = storeAtVersionThree(db);
    UUID storeId = UUID.fromString(store);
    List<String> before = ledger(store);
    AtomicBoolean targetClosed = new AtomicBoolean();
    SchemaTargets broken =
        (id, limits) ->
            new SchemaTarget() {
              @Override
              public Dialect dialect() {
                return Dialect.POSTGRESQL;
              }

              @Override
              public int installedVersion() {
                throw new IllegalStateException("the driver lost its mind");
              }

              @Override
              public void migrateTo(int version) {
                throw new AssertionError("never reached");
              }

              @Override
              public void close() {
                targetClosed.set(true);
              }
            };
    StoreSchemaMigration crashing =
        new StoreSchemaMigration(
            schemaLedger,
            lock,
            broken,
            new MigrationLimits(LOCK_TIMEOUT, Duration.ofSeconds(60)),
            clock);

    MigrationResult result = crashing.migrate(MigrationRequest.of(storeId, 4));

    assertThat(result.outcome()).as(result.message()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(result.errorCode()).contains("job-crashed");
    assertThat(result.message())
        .isEqualTo(
            "The migration failed unexpectedly: IllegalStateException: the driver lost its mind");
    assertThat(result.retryable()).isFalse();
    assertThat(result.fromVersion()).isEqualTo(3);
    assertThat(result.toVersion()).isEqualTo(3);
    assertThat(result.versionsApplied()).isZero();
    assertThat(targetClosed).isTrue();
    assertThat(lock.isHeld(storeId)).isFalse();
    assertThat(ledger(store)).isEqualTo(before);
  }

  /**
   * A transaction holding order_items open: version 4's change of order_items waits at most the
   * lock timeout and fails retryable; a read of order_items that queues behind it meanwhile waits
   * no longer; once the transaction ends the next attempt applies.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void givesUpWithinTheLockTimeoutAndNeverBlocksReadsLonger(Engine engine) throws Exception {
    TestDatabase db = database(engine);
    String store = storeAtVersionThree(db);
    UUID storeId = UUID.fromString(store);

    MigrationResult result;
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeQuery("SELECT count(*) FROM order_items").close();
      }
      CompletableFuture<MigrationResult> running =
          CompletableFuture.supplyAsync(() -> migration.migrate(MigrationRequest.of(storeId, 4)));
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> running.isDone() || FleetStores.waitingForLock(db));
      long readStarted = System.nanoTime();
      try (Connection reader = db.connect();
          Statement s = reader.createStatement()) {
        s.executeQuery("SELECT count(*) FROM order_items").close();
      }
      Duration read = Duration.ofNanos(System.nanoTime() - readStarted);
      assertThat(read).isLessThan(LOCK_TIMEOUT.plusSeconds(2));
      result = running.get(30, TimeUnit.SECONDS);
      holder.rollback();
    }

    assertThat(result.outcome()).as(result.message()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(result.errorCode()).contains("schema-lock-timeout");
    assertThat(result.retryable()).isTrue();
    assertThat(result.took()).isLessThan(LOCK_TIMEOUT.plusSeconds(10));
    assertThat(errorOf(store, 4)).isEqualTo("FAILED|1|schema-lock-timeout");
    assertThat(current(store)).isEqualTo(3);

    MigrationResult retried = migration.migrate(MigrationRequest.of(storeId, 4));
    assertThat(retried.outcome()).as(retried.message()).isEqualTo(MigrationOutcome.APPLIED);
    assertThat(ledger(store).get(3)).startsWith("4|APPLIED|MIGRATION|2|");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void failsOnDataVersionFourCannotTakeAndRecordsItInTheLedger(Engine engine) throws Exception {
    TestDatabase db = database(engine);
    String store = storeAtVersionThree(db);
    UUID storeId = UUID.fromString(store);
    execute(db, orderLineWithoutSku("NULL"));

    for (int attempt = 1; attempt <= 2; attempt++) {
      MigrationResult result = migration.migrate(MigrationRequest.of(storeId, 4));
      assertThat(result.outcome()).as(result.message()).isEqualTo(MigrationOutcome.FAILED);
      assertThat(result.errorCode()).contains("migration-failed");
      assertThat(result.retryable()).isFalse();
      assertThat(result.message()).contains("sku");
      assertThat(errorOf(store, 4)).isEqualTo("FAILED|" + attempt + "|migration-failed");
      assertThat(current(store)).isEqualTo(3);
      assertThat(migrator(db).installedVersion()).isEqualTo(3);
    }
    execute(db, "UPDATE order_items SET sku = 'LEGACY-1' WHERE sku IS NULL");
    MigrationResult fixed = migration.migrate(MigrationRequest.of(storeId, 4));
    assertThat(fixed.outcome()).as(fixed.message()).isEqualTo(MigrationOutcome.APPLIED);
    assertThat(ledger(store).get(3)).startsWith("4|APPLIED|MIGRATION|3|");
    assertThat(errorOf(store, 4)).isEqualTo("APPLIED|3|null");
  }

  /** Provisioning's schema steps wait while a migration holds the store, and go on after. */
  @Test
  void provisioningWaitsWhileAMigrationHoldsTheStore() throws Exception {
    TestDatabase db = database(Engine.POSTGRESQL);
    String store = provision(db);
    String job;
    try (StoreSchemaLock.Held held = lock.tryAcquire(UUID.fromString(store)).orElseThrow()) {
      job =
          asAdmin()
              .contentType(ContentType.JSON)
              .body(Map.of("storeId", store, "databaseType", "postgresql"))
              .post("/api/v1/provision")
              .then()
              .statusCode(202)
              .extract()
              .path("jobId");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> String.valueOf(JobPolling.status(job).getString("message")).contains("busy"));
      JsonPath waiting = JobPolling.status(job);
      assertThat(waiting.getString("status")).isNotIn("succeeded", "failed");
      // the step that met the lock says it waits: it did not do its part
      assertThat(waiting.getString("steps.find { it.message?.contains('busy') }.status"))
          .as(waiting.prettify())
          .isEqualTo("waiting");
    }
    JsonPath done = JobPolling.awaitEnd(job, s -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static final String VARIANT = "7d0c9a8e-2222-4f3e-8a51-000000000002";

  private TestDatabase database(Engine engine) {
    TestDatabase db = TestDatabases.server(engine).createDatabase("migrate");
    databases.add(db);
    return db;
  }

  /** Connects {@code db} as an existing database and waits until it is provisioned. */
  private static String provision(TestDatabase db) {
    JsonPath created =
        TestCallers.newStore(
            "Migration store", "migr", DatabaseOptions.existing(db, db.password()));
    JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    return created.getString("id");
  }

  /**
   * A store as version 3 left it, before version 4 was released: provisioned at version 3 (its
   * database migrated to 3, adopted by provisioning... which applies the current version, so the
   * database is then rebuilt at 3 and the ledger's rows after 3 removed), with a product, a variant
   * and an order.
   */
  private String storeAtVersionThree(TestDatabase db) throws Exception {
    String store = provision(db);
    FleetStores.rebuildAt(db, 3, master, store);
    execute(
        db,
        "INSERT INTO products (id, title, slug, status) VALUES"
            + " ('7d0c9a8e-2222-4f3e-8a51-000000000001', 'Tee', 'tee', 'active')",
        "INSERT INTO product_variants (id, product_id, sku, title, price, options) VALUES ('"
            + VARIANT
            + "', '7d0c9a8e-2222-4f3e-8a51-000000000001', 'SKU-1', 'M', 10, '{}')",
        "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total) VALUES"
            + " ('7d0c9a8e-2222-4f3e-8a51-000000000003', 'N-1', 'a@b.example', 'EUR', 10, 10)");
    assertThat(current(store)).isEqualTo(3);
    return store;
  }

  private static String orderLineWithoutSku(String variant) {
    return "INSERT INTO order_items (id, order_id, variant_id, title, quantity, unit_price,"
        + " line_total) VALUES ('7d0c9a8e-2222-4f3e-8a51-000000000004',"
        + " '7d0c9a8e-2222-4f3e-8a51-000000000003', "
        + variant
        + ", 'Tee', 1, 10, 10)";
  }

  private static int checksum(TestDatabase db, int version) {
    return ClientSchema.checksum(dialect(db), version);
  }

  /** The store's ledger rows: version|state|path|attempts|checksum, oldest first. */
  private List<String> ledger(String store) throws SQLException {
    return masterRows(
        "SELECT version || '|' || state || '|' || path || '|' || attempts || '|' || checksum"
            + " FROM store_schema_versions WHERE store_id = ? ORDER BY version",
        store);
  }

  private String timing(String store, int version) throws SQLException {
    return masterRows(
            "SELECT (started_at IS NOT NULL) || '|' || (finished_at >= started_at) || '|'"
                + " || (duration_ms >= 0) FROM store_schema_versions WHERE store_id = ? AND"
                + " version = "
                + version,
            store)
        .get(0);
  }

  private String errorOf(String store, int version) throws SQLException {
    return masterRows(
            "SELECT state || '|' || attempts || '|' || COALESCE(error_code, 'null')"
                + " FROM store_schema_versions WHERE store_id = ? AND version = "
                + version,
            store)
        .get(0);
  }

  private int current(String store) throws SQLException {
    List<String> rows =
        masterRows("SELECT schema_version FROM store_schema_current WHERE store_id = ?", store);
    return rows.isEmpty() ? 0 : Integer.parseInt(rows.get(0));
  }

  private List<String> masterRows(String sql, String store) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, UUID.fromString(store));
      try (ResultSet rs = s.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }
}
