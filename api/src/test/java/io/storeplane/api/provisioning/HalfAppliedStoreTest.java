package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.TestCallers;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A MySQL store left with half of a migration (issue 15, finding 1): the store data API says the
 * schema is incomplete (not a temporary 503), a provisioning job never reports success without the
 * complete catalog, and provisioning the store again repairs it.
 */
@QuarkusTest
class HalfAppliedStoreTest {

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @Test
  void aStoreLeftHalfWayThroughV2IsRepairedByProvisioningAgain() throws Exception {
    try (TestDatabase db = TestDatabases.mysql().createDatabase("halfway")) {
      String id = provisionedStore(db);
      // what a kill during V2 and the retry left: products altered, no product_reviews, V2
      // recorded as failed, and nothing of the versions after it (V3's table and trigger, V4's
      // tables and its NOT NULL order_items.sku)
      execute(
          db,
          "DROP TABLE product_reviews",
          "DROP TRIGGER trg_products_deleted",
          "DROP TABLE product_deletions",
          "DROP TABLE page_analytics_daily",
          "DROP TABLE product_analytics_daily",
          "ALTER TABLE order_items MODIFY COLUMN sku VARCHAR(100) CHARACTER SET utf8mb4"
              + " COLLATE utf8mb4_bin NULL",
          "DELETE FROM storeplane_schema_history WHERE version IN ('3', '4')",
          "UPDATE storeplane_schema_history SET success = 0 WHERE version = '2'");

      asAdmin()
          .get("/api/v1/stores/" + id + "/data/product_reviews")
          .then()
          .statusCode(409)
          .body("code", equalTo("store-schema-incomplete"));

      JsonPath again = ProvisioningEndToEndTest.awaitEnd(provision(id));
      assertThat(again.getString("status")).isEqualTo("succeeded");
      assertThat(again.getString("message")).doesNotContain("nothing changed");
      assertThat(again.getInt("tablesCreated")).isEqualTo(ClientSchema.manifest().totalTables());
      assertThat(differences(db)).isEmpty();
      asAdmin().get("/api/v1/stores/" + id + "/data/product_reviews").then().statusCode(200);
    }
  }

  @Test
  void aJobDoesNotSucceedOnAStoreMissingATableItsHistorySaysItHas() throws Exception {
    try (TestDatabase db = TestDatabases.mysql().createDatabase("missing")) {
      String id = provisionedStore(db);
      execute(db, "DROP TABLE product_reviews");

      JsonPath again = ProvisioningEndToEndTest.awaitEnd(provision(id));

      assertThat(again.getString("status")).isEqualTo("failed");
      assertThat(again.getString("error.code")).isEqualTo("store-schema-incomplete");
      assertThat(again.getString("message")).doesNotContain("nothing changed");
    }
  }

  private static String provisionedStore(TestDatabase db) {
    JsonPath store =
        TestCallers.newStore("Half applied", "half", DatabaseOptions.existing(db, db.password()));
    JsonPath first = ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    assertThat(first.getString("status")).isEqualTo("succeeded");
    return store.getString("id");
  }

  private static String provision(String storeId) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("storeId", storeId, "databaseType", "mysql"))
        .post("/api/v1/provision")
        .then()
        .statusCode(202)
        .extract()
        .path("jobId");
  }

  private static void execute(TestDatabase db, String... statements) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static List<String> differences(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      return ClientSchema.manifest().differencesFrom(CatalogInspector.inspect(c, Dialect.MYSQL));
    }
  }
}
