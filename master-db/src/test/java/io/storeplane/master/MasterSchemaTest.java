package io.storeplane.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.testing.db.MigratedMaster;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The master schema's own rules, enforced by PostgreSQL whatever the application does. */
class MasterSchemaTest {

  private static TestDatabase database;
  private Connection connection;

  @BeforeAll
  static void migrate() {
    database = MigratedMaster.create("masterschema").database();
  }

  @AfterAll
  static void drop() {
    database.close();
  }

  @BeforeEach
  void connect() throws SQLException {
    connection = database.connect();
  }

  @org.junit.jupiter.api.AfterEach
  void disconnect() throws SQLException {
    connection.close();
  }

  @Test
  void theFourPlansAreSeeded() throws SQLException {
    try (Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT code FROM plans ORDER BY sort_order")) {
      var codes = new java.util.ArrayList<String>();
      while (rows.next()) {
        codes.add(rows.getString(1));
      }
      assertThat(codes).containsExactly("free", "starter", "professional", "enterprise");
    }
  }

  @Test
  void slugsAreCheckedAndUnique() throws SQLException {
    insertStore("good-slug");
    assertThatThrownBy(() -> insertStore("good-slug")).hasMessageContaining("stores_slug_key");
    for (String bad : new String[] {"Upper", "ab", "-lead", "trail-", "sp ace", "a".repeat(64)}) {
      assertThatThrownBy(() -> insertStore(bad))
          .as(bad)
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?s).*(check constraint|value too long).*");
    }
  }

  @Test
  void auditLogsAreAppendOnly() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO audit_logs (occurred_at, actor_type, action, target_type, outcome)"
              + " VALUES (now(), 'SYSTEM', 'test.append', 'store', 'SUCCESS')");
      assertThatThrownBy(() -> statement.execute("UPDATE audit_logs SET action = 'tampered'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.execute("DELETE FROM audit_logs"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.execute("TRUNCATE audit_logs"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void usageIsOneRowPerStoreAndDay() throws SQLException {
    UUID store = insertStore("usage-" + shortId());
    String sql =
        "INSERT INTO usage_metrics (store_id, metric_date, api_calls, updated_at)"
            + " VALUES (?, DATE '2026-11-01', 10, now())";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setObject(1, store);
      insert.executeUpdate();
      assertThatThrownBy(insert::executeUpdate)
          .hasMessageContaining("usage_metrics_store_id_metric_date_key");
    }
  }

  @Test
  void aPeriodIsChargedOnceUnlessTheChargeFailed() throws SQLException {
    UUID store = insertStore("bill-" + shortId());
    charge(store, "FAILED");
    charge(store, "SUCCEEDED");
    assertThatThrownBy(() -> charge(store, "PENDING"))
        .hasMessageContaining("billing_transactions_one_charge_per_period");
  }

  @Test
  void aStoreHasAtMostOneActiveProvisioningJob() throws SQLException {
    // Provisioning's jobs hold the exclusive key store:<id> (V4 made the queue general).
    UUID store = insertStore("job-" + shortId());
    job(store, "SUCCEEDED");
    job(store, "QUEUED");
    assertThatThrownBy(() -> job(store, "RUNNING")).hasMessageContaining("jobs_one_active_per_key");
  }

  /**
   * The schema-version ledger (V10): a failed row carries its error and only a failed one does, an
   * applied row has its end, rows go with their store, and the current-version view reads the
   * newest applied row.
   */
  @Test
  void theLedgerKeepsItsRowsConsistent() throws SQLException {
    UUID store = insertStore("ledger-store");
    ledgerRow(store, 1, "APPLIED", "now()", null);
    ledgerRow(store, 2, "APPLIED", "now()", null);
    ledgerRow(store, 3, "FAILED", "now()", "'migration-failed'");
    ledgerRow(store, 4, "SKIPPED", "NULL", null);
    assertThatThrownBy(() -> ledgerRow(store, 5, "FAILED", "now()", null))
        .hasMessageContaining("store_schema_versions_check");
    assertThatThrownBy(() -> ledgerRow(store, 5, "APPLIED", "now()", "'x'"))
        .hasMessageContaining("store_schema_versions_check");
    assertThatThrownBy(() -> ledgerRow(store, 5, "APPLIED", "NULL", null))
        .hasMessageContaining("store_schema_versions_check");
    assertThatThrownBy(() -> ledgerRow(store, 5, "DONE", "now()", null))
        .hasMessageContaining("store_schema_versions_state_check");
    try (Statement statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT schema_version FROM store_schema_current WHERE store_id = '"
                    + store
                    + "'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(2);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM stores WHERE id = '" + store + "'");
      var rows =
          statement.executeQuery(
              "SELECT count(*) FROM store_schema_versions WHERE store_id = '" + store + "'");
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }

  private void ledgerRow(UUID store, int version, String state, String finishedAt, String error)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO store_schema_versions (store_id, version, state, path, finished_at,"
                + " error_code, updated_at) VALUES (?, ?, ?, 'MIGRATION', "
                + finishedAt
                + ", "
                + (error == null ? "NULL" : error)
                + ", now())")) {
      insert.setObject(1, store);
      insert.setInt(2, version);
      insert.setString(3, state);
      insert.executeUpdate();
    }
  }

  private UUID insertStore(String slug) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO stores (id, name, slug, status, plan_code, subscription_status,"
                + " created_at, updated_at) VALUES (?, 'S', ?, 'ACTIVE', 'free', 'ACTIVE', now(), now())")) {
      insert.setObject(1, id);
      insert.setString(2, slug);
      insert.executeUpdate();
    }
    return id;
  }

  private void charge(UUID store, String status) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO billing_transactions (id, store_id, kind, status, amount, currency,"
                + " period_start, period_end, created_at, updated_at) VALUES (?, ?, 'CHARGE', ?,"
                + " 29.00, 'USD', TIMESTAMPTZ '2026-11-01Z', TIMESTAMPTZ '2026-12-01Z', now(), now())")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setObject(2, store);
      insert.setString(3, status);
      insert.executeUpdate();
    }
  }

  private void job(UUID store, String status) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO jobs (id, kind, store_id, exclusive_key, status, run_after, created_at,"
                + " updated_at) VALUES (?, 'provisioning', ?, ?, ?, now(), now(), now())")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setObject(2, store);
      insert.setString(3, "store:" + store);
      insert.setString(4, status);
      insert.executeUpdate();
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
