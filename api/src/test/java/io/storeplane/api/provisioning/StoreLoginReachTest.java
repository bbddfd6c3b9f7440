package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.TestCallers;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a store's own database login can reach on the managed servers (issue 14, finding 7): its own
 * database only, never the master database or another store's database.
 */
@QuarkusTest
class StoreLoginReachTest {

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  /**
   * The default managed PostgreSQL server is the master's own server here, and the local server
   * trusts loopback logins, so only CONNECT privileges stand between a store role and a database.
   */
  @Test
  void aPostgresqlStoreLoginReachesNeitherTheMasterNorAnotherStore() throws Exception {
    String own = managedDatabase("managed-postgresql");
    String other = managedDatabase("managed-postgresql");
    String masterUrl =
        ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);

    try (Connection c = DriverManager.getConnection(pgUrl(own), own, "trust");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(own);
    }
    assertThatThrownBy(() -> DriverManager.getConnection(masterUrl, own, "trust").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for database");
    assertThatThrownBy(() -> DriverManager.getConnection(pgUrl(other), own, "trust").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for database");
  }

  /**
   * A MySQL grant's schema name is a LIKE pattern ({@code _} matches any character): the store
   * user's grant must name its own schema exactly, so it can neither see nor create another.
   */
  @Test
  void aMysqlStoreLoginSeesAndCreatesNoOtherSchema() throws Exception {
    String own = managedDatabase("managed-mysql");
    String lookalike = own.replace('_', 'x');
    String password = "Reach-test-" + System.nanoTime();
    try (Connection root = TestDatabases.mysql().connectAdmin("");
        PreparedStatement alter =
            root.prepareStatement("ALTER USER '" + own + "'@'%' IDENTIFIED BY ?")) {
      alter.setString(1, password);
      alter.execute();
    }
    String url = TestDatabases.mysql().jdbcUrl(own);
    try (Connection c = DriverManager.getConnection(url, own, password);
        Statement s = c.createStatement()) {
      List<String> visible = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SHOW DATABASES")) {
        while (rs.next()) {
          visible.add(rs.getString(1));
        }
      }
      assertThat(visible).containsExactlyInAnyOrder("information_schema", own);
      assertThatThrownBy(() -> s.execute("SELECT count(*) FROM mysql.user"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> s.execute("CREATE DATABASE `" + lookalike + "`"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("denied");
    } finally {
      try (Connection root = TestDatabases.mysql().connectAdmin("");
          Statement s = root.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS `" + lookalike + "`");
      }
    }
  }

  /** A new store on a managed engine, provisioned; returns its database (and login) name. */
  private static String managedDatabase(String type) {
    JsonPath store = TestCallers.newStore("Reach store", "reach", Map.of("type", type));
    JsonPath job = ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    assertThat(job.getString("status")).isEqualTo("succeeded");
    return asAdmin()
        .get("/api/v1/stores/" + store.getString("id"))
        .jsonPath()
        .getString("database.name");
  }

  private static String pgUrl(String database) {
    return TestDatabases.postgres().jdbcUrl(database);
  }
}
