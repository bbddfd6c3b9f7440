package io.storeplane.clientschema.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * A kept Flyway instance migrates only the database of the migration it is lent to, is lent to one
 * migration at a time, and reaches no database once given back (real PostgreSQL).
 */
class ConfiguredFlywaysTest {

  private static final ConfiguredFlyways.Settings SETTINGS =
      new ConfiguredFlyways.Settings(Dialect.POSTGRESQL, 1, null, false);

  private final ConfiguredFlyways flyways =
      new ConfiguredFlyways(
          settings ->
              org.flywaydb.core.Flyway.configure(ConfiguredFlywaysTest.class.getClassLoader())
                  .locations(ClientSchema.locations(settings.dialect()).toArray(String[]::new))
                  .table(ClientSchema.historyTable())
                  .target(Integer.toString(settings.targetVersion())));

  @Test
  void anInstanceGivenBackMigratesTheNextBorrowersDatabaseOnly() throws Exception {
    try (TestDatabase first = StoreDatabases.create(Engine.POSTGRESQL, "lent");
        TestDatabase second = StoreDatabases.create(Engine.POSTGRESQL, "lent")) {
      ConfiguredFlyways.Lent lent = flyways.lend(SETTINGS, StoreDatabases.dataSource(first));
      org.flywaydb.core.Flyway instance = lent.flyway();
      lent.flyway().migrate();
      lent.close();

      assertThatThrownBy(() -> instance.info().current())
          .as("given back, it reaches no database")
          .isInstanceOf(FlywayException.class)
          .hasRootCauseMessage("This Flyway instance is not lent to a migration");

      try (ConfiguredFlyways.Lent again =
          flyways.lend(SETTINGS, StoreDatabases.dataSource(second))) {
        assertThat(again.flyway()).as("the kept instance, configured once").isSameAs(instance);
        assertThat(again.flyway().migrate().migrationsExecuted).isEqualTo(1);
      }
      assertThat(StoreDatabases.rows(first, "SELECT version FROM storeplane_schema_history"))
          .containsExactly("1");
      assertThat(StoreDatabases.rows(second, "SELECT version FROM storeplane_schema_history"))
          .containsExactly("1");
    }
  }

  @Test
  void twoMigrationsAtOnceBorrowTwoInstances() throws Exception {
    try (TestDatabase first = StoreDatabases.create(Engine.POSTGRESQL, "lent");
        TestDatabase second = StoreDatabases.create(Engine.POSTGRESQL, "lent");
        ConfiguredFlyways.Lent one = flyways.lend(SETTINGS, StoreDatabases.dataSource(first));
        ConfiguredFlyways.Lent other = flyways.lend(SETTINGS, StoreDatabases.dataSource(second))) {
      assertThat(other.flyway()).isNotSameAs(one.flyway());
      other.flyway().migrate();
      assertThat(one.flyway().info().current()).as("the first database is untouched").isNull();
      assertThat(other.flyway().info().current().getVersion().getVersion()).isEqualTo("1");
    }
  }
}
