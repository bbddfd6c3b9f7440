package io.storeplane.api.provisioning;

import static io.storeplane.api.JobPolling.status;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 50 stores onboarded at once (half PostgreSQL, half MariaDB): all succeed, each exactly once. */
@QuarkusTest
class ConcurrentOnboardingTest {

  private static final int STORES = 50;

  @Test
  void fiftyConcurrentOnboardingsAllSucceedExactlyOnce() throws Exception {
    List<JsonPath> created = ManagedStores.onboardAtOnce(STORES, "Concurrent store", "c-");
    List<String> storeIds = created.stream().map(c -> c.getString("id")).toList();
    List<String> jobIds = created.stream().map(c -> c.getString("provisioningJobId")).toList();

    Set<String> names = new HashSet<>();
    for (int i = 0; i < STORES; i++) {
      JsonPath job = status(jobIds.get(i));
      assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded");
      assertThat(job.getInt("tablesCreated")).isEqualTo(job.getInt("totalTables"));
      // A shared server may refuse connections for a moment (too many clients): such a job
      // retries, and its create-database step then finds its database and creates nothing.
      assertThat(
              job.getList(
                  "steps.findAll { it.step == 'create-database' && it.status == 'succeeded' }"))
          .hasSize(1);
      JsonPath store = asAdmin().get("/api/v1/stores/" + storeIds.get(i)).jsonPath();
      assertThat(store.getString("provisioningJobId")).isEqualTo(jobIds.get(i));
      names.add(store.getString("database.name"));
    }
    assertThat(names).hasSize(STORES);
    int pg = 0;
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        var s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database")) {
      while (rs.next()) {
        pg += names.contains(rs.getString(1)) ? 1 : 0;
      }
    }
    int mysql = 0;
    try (Connection c = TestDatabases.mysql().connectAdmin("mysql");
        var s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
      while (rs.next()) {
        mysql += names.contains(rs.getString(1)) ? 1 : 0;
      }
    }
    assertThat(pg).isEqualTo(STORES / 2);
    assertThat(mysql).isEqualTo(STORES / 2);

    ManagedStores.purgeAll(storeIds);
  }
}
