package io.storeplane.testing.db;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a Quarkus test's master datasource at a fresh, uniquely named PostgreSQL database and
 * drops it when the test application stops. Use with {@code @QuarkusTestResource} or a test
 * profile.
 */
public class MasterDatabaseTestResource implements QuarkusTestResourceLifecycleManager {

  private TestDatabase database;

  @Override
  public Map<String, String> start() {
    database = TestDatabases.postgres().createDatabase("master");
    return Map.of(
        "quarkus.datasource.jdbc.url", database.jdbcUrl(),
        "quarkus.datasource.username", database.username(),
        "quarkus.datasource.password", database.password());
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
  }
}
