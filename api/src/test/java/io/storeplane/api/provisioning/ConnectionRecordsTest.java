package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.schema.SchemaPath;
import io.storeplane.master.schema.SchemaReached;
import io.storeplane.provisioning.provider.ConnectionRecords;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * save-connection's master writes are one transaction: where the store's database lives (the store
 * row's location), the schema-version ledger and the caller's own write (the warm pool's hand-over)
 * commit together or not at all, on the real master database.
 */
@QuarkusTest
class ConnectionRecordsTest {

  /** The caller's own write: a row in a table of this test's. */
  private static final String WRITE =
      "INSERT INTO connection_records_test_writes (store_id) VALUES (?)";

  @Inject ConnectionRecords records;
  @Inject DataSource master;

  @Test
  void theCallersWriteCommitsOrRollsBackWithTheLocationAndTheLedger() throws Exception {
    JsonPath created = ManagedStores.create("managed-postgresql", "Records store", "rec-");
    JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), status -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    UUID store = UUID.fromString(created.getString("id"));
    String database =
        asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("database.name");
    int version = ClientSchema.currentVersion();
    SchemaReached reached =
        new SchemaReached(version, SchemaPath.ADOPTED, version, SchemaPath.FLYWAY, v -> 0);
    execute("CREATE TABLE connection_records_test_writes (store_id UUID NOT NULL)");
    try {
      update("DELETE FROM store_schema_versions WHERE store_id = ?", store);
      String host = host(store);
      // where the store row says its database lives, stale: recordLocation copies it anew
      update("UPDATE stores SET database_host = 'stale.invalid' WHERE id = ?", store);

      assertThatThrownBy(
              () ->
                  records.recordLocation(
                      store,
                      reached,
                      () -> {
                        update(WRITE, store);
                        throw new SQLException("the caller's write failed");
                      }))
          .isInstanceOf(SQLException.class)
          .hasMessage("the caller's write failed");
      assertThat(ledgerRows(store)).as("the ledger rolled back").isZero();
      assertThat(writes(store)).as("the caller's write rolled back").isZero();
      assertThat(host(store)).as("the location rolled back").isEqualTo("stale.invalid");

      Optional<ConnectionRecords.SavedLocation> saved =
          records.recordLocation(store, reached, () -> update(WRITE, store));
      assertThat(ledgerRows(store)).isEqualTo(version);
      assertThat(writes(store)).isEqualTo(1);
      assertThat(host(store)).isEqualTo(host);
      assertThat(saved).isPresent();
      assertThat(saved.get().username()).isEqualTo(database);
      assertThat(saved.get().where()).startsWith(host + ":").endsWith("/" + database);
    } finally {
      execute("DROP TABLE connection_records_test_writes");
      ManagedStores.purge(store.toString());
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = master.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private void update(String sql, UUID store) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, store);
      s.executeUpdate();
    }
  }

  private long ledgerRows(UUID store) throws SQLException {
    return count("SELECT count(*) FROM store_schema_versions WHERE store_id = ?", store);
  }

  private long writes(UUID store) throws SQLException {
    return count("SELECT count(*) FROM connection_records_test_writes WHERE store_id = ?", store);
  }

  private String host(UUID store) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT database_host FROM stores WHERE id = ?")) {
      s.setObject(1, store);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private long count(String sql, UUID store) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, store);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
