package io.storeplane.clientschema.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On MariaDB every catalog query reads the session's database only ("Scanned 1 database" in each
 * line of its plan), never every database on the server: a catalog read that opened every table of
 * every store made each store's migration cost more the more stores shared its server.
 */
class MysqlCatalogPlansTest {

  @Test
  void everyCatalogQueryScansOnlyTheSessionsDatabase() throws Exception {
    try (TestDatabase database = StoreDatabases.create(Engine.MYSQL, "plans");
        Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      try (ResultSet version = statement.executeQuery("SELECT VERSION()")) {
        version.next();
        Assumptions.assumeTrue(
            version.getString(1).contains("MariaDB"), "MariaDB names the databases a plan scans");
      }
      for (String query : MysqlCatalogReader.mariadbQueries()) {
        List<String> extras = new ArrayList<>();
        try (ResultSet plan = statement.executeQuery("EXPLAIN " + query)) {
          while (plan.next()) {
            extras.add(plan.getString("Extra"));
          }
        }
        assertThat(extras).as(query).isNotEmpty().allMatch(e -> e.contains("Scanned 1 database"));
      }
    }
  }
}
