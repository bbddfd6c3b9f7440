package io.storeplane.clientschema.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seeding a migrated store database on both engines, twice. */
class ClientSeederTest {

  private static final SeedValues VALUES =
      new SeedValues("Café Müller", "EUR", "de-DE", "Europe/Berlin");

  private static final List<String> SEEDED_ROWS =
      List.of(
          "SELECT id, slug, name, sort_order, is_active, created_at FROM categories ORDER BY slug",
          "SELECT id, setting_key, setting_group, setting_value, value_type, is_encrypted"
              + " FROM store_settings ORDER BY setting_key",
          "SELECT id, slug, title, content, is_published FROM cms_pages ORDER BY slug",
          "SELECT id, entity_type, entity_id, meta_title, meta_description, robots"
              + " FROM seo_settings",
          "SELECT id, code, name, is_default, is_active FROM inventory_locations");

  @ParameterizedTest
  @EnumSource(Engine.class)
  void seedsOnceAndASecondRunInsertsNothing(Engine engine) throws Exception {
    try (TestDatabase database = migrated(engine)) {
      SeedResult first = seed(database, VALUES);
      Map<String, List<String>> afterFirst = snapshot(database);
      SeedResult second = seed(database, VALUES);

      assertThat(first.insertedByTable())
          .containsExactly(
              entry("categories", 4),
              entry("store_settings", 10),
              entry("cms_pages", 4),
              entry("seo_settings", 1),
              entry("inventory_locations", 1));
      assertThat(second.total()).isZero();
      assertThat(second.insertedByTable()).containsOnlyKeys(first.insertedByTable().keySet());
      assertThat(snapshot(database)).isEqualTo(afterFirst);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void writesTheStoresOwnValues(Engine engine) throws Exception {
    try (TestDatabase database = migrated(engine)) {
      seed(database, VALUES);

      assertThat(
              StoreDatabases.rows(
                  database,
                  "SELECT setting_key, setting_value FROM store_settings"
                      + " WHERE setting_group = 'general' ORDER BY setting_key"))
          .containsExactly(
              "general.currency|EUR",
              "general.locale|de-DE",
              "general.store_name|Café Müller",
              "general.timezone|Europe/Berlin",
              "general.weight_unit|kg");
      assertThat(StoreDatabases.rows(database, "SELECT slug FROM categories ORDER BY sort_order"))
          .containsExactly("uncategorized", "featured", "new-arrivals", "sale");
      assertThat(
              StoreDatabases.rows(
                  database, "SELECT slug, is_published FROM cms_pages ORDER BY slug"))
          .extracting(row -> row.split("\\|")[0])
          .containsExactly("about", "contact", "home", "privacy");
      assertThat(StoreDatabases.rows(database, "SELECT content FROM cms_pages WHERE slug = 'home'"))
          .containsExactly("<h1>Welcome to Café Müller</h1>");
      assertThat(
              StoreDatabases.rows(
                  database, "SELECT entity_type, entity_id, meta_title FROM seo_settings"))
          .containsExactly("store|00000000-0000-0000-0000-000000000000|Café Müller");
      assertThat(StoreDatabases.rows(database, "SELECT code, is_default FROM inventory_locations"))
          .hasSize(1)
          .allMatch(row -> row.startsWith("default|"));
    }
  }

  /**
   * Only a row whose natural key is there is skipped: a seed row that clashes with a merchant's row
   * on another unique key (here a unique index on location names the merchant added) fails the
   * seed, in its last statement, and the statements before it keep nothing either, rather than the
   * row being passed over in silence.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aClashOnAnotherUniqueKeyFailsTheSeedInsteadOfSkippingTheRow(Engine engine) throws Exception {
    try (TestDatabase database = migrated(engine);
        Connection connection = database.connect()) {
      StoreDatabases.execute(
          database,
          "CREATE UNIQUE INDEX uq_inventory_locations_name_test ON inventory_locations (name)",
          "INSERT INTO inventory_locations (id, code, name, is_default, is_active) VALUES"
              + " ('00000000-0000-0000-0000-00000000000a', 'warehouse', 'Main location', FALSE,"
              + " TRUE)");

      assertSeedFailsWholly(database, connection, engine, "uq_inventory_locations_name_test");
      assertThat(StoreDatabases.rows(database, "SELECT code FROM inventory_locations"))
          .containsExactly("warehouse");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void neverOverwritesWhatTheMerchantChangedButRestoresWhatIsMissing(Engine engine)
      throws Exception {
    try (TestDatabase database = migrated(engine)) {
      seed(database, VALUES);
      StoreDatabases.execute(
          database,
          "UPDATE store_settings SET setting_value = 'Müller & Söhne'"
              + " WHERE setting_key = 'general.store_name'",
          "UPDATE cms_pages SET title = 'Über uns', is_published = TRUE WHERE slug = 'about'",
          "DELETE FROM categories WHERE slug = 'sale'");

      SeedResult again =
          seed(database, new SeedValues("Another Name", "USD", "en-US", "America/New_York"));

      assertThat(again.total()).isEqualTo(1);
      assertThat(again.inserted("categories")).isEqualTo(1);
      assertThat(
              StoreDatabases.rows(
                  database,
                  "SELECT setting_value FROM store_settings"
                      + " WHERE setting_key IN ('general.store_name', 'general.currency')"
                      + " ORDER BY setting_key"))
          .containsExactly("EUR", "Müller & Söhne");
      assertThat(StoreDatabases.rows(database, "SELECT title FROM cms_pages WHERE slug = 'about'"))
          .containsExactly("Über uns");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void storesHostileNamesLiterallyAndEscapesThemInHtml(Engine engine) throws Exception {
    String name = "Bob's <b>Shop</b>'); DROP TABLE products; --";
    try (TestDatabase database = migrated(engine)) {
      seed(database, new SeedValues(name, "GBP", "en-GB", "Europe/London"));

      assertThat(
              StoreDatabases.rows(
                  database,
                  "SELECT setting_value FROM store_settings"
                      + " WHERE setting_key = 'general.store_name'"))
          .containsExactly(name);
      assertThat(StoreDatabases.rows(database, "SELECT content FROM cms_pages WHERE slug = 'home'"))
          .containsExactly(
              "<h1>Welcome to Bob&#39;s &lt;b&gt;Shop&lt;/b&gt;&#39;); DROP TABLE products;"
                  + " --</h1>");
      assertThat(StoreDatabases.inspect(database).tableNames()).contains("products");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void restoresTheConnectionsAutoCommitMode(Engine engine) throws Exception {
    try (TestDatabase database = migrated(engine);
        Connection connection = database.connect()) {
      connection.setAutoCommit(true);
      ClientSeeder.seed(connection, StoreDatabases.dialect(engine), VALUES);
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void seedsEachTableWithOneStatementAllInOneRoundTripOnPostgresql(Engine engine) throws Exception {
    try (TestDatabase database = migrated(engine);
        Connection connection = database.connect()) {
      List<String> prepared = new ArrayList<>();
      SeedResult result =
          ClientSeeder.seed(
              recording(connection, prepared), StoreDatabases.dialect(engine), VALUES);
      List<String> statements =
          prepared.stream().flatMap(sql -> Arrays.stream(sql.split(";\n"))).toList();
      assertThat(statements)
          .as("one statement per seeded table")
          .hasSize(result.insertedByTable().size())
          .allMatch(sql -> sql.startsWith("INSERT INTO "));
      assertThat(prepared)
          .as("PostgreSQL: all of them sent together; MySQL: one by one")
          .hasSize(engine == Engine.POSTGRESQL ? 1 : statements.size());
      assertThat(result.total()).isGreaterThan(statements.size());
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aRehearsalRunsTheSeedsOwnStatementsAndKeepsNothing(Engine engine) throws Exception {
    Dialect dialect = StoreDatabases.dialect(engine);
    try (TestDatabase database = migrated(engine);
        Connection connection = database.connect()) {
      Map<String, List<String>> empty = snapshot(database);
      List<String> rehearsed = new ArrayList<>();
      SeedResult rehearsal = ClientSeeder.rehearse(recording(connection, rehearsed), dialect);

      assertThat(connection.getAutoCommit()).isTrue();
      assertThat(snapshot(database))
          .isEqualTo(empty)
          .allSatisfy((q, rows) -> assertThat(rows).isEmpty());

      List<String> seeded = new ArrayList<>();
      SeedResult result = ClientSeeder.seed(recording(connection, seeded), dialect, VALUES);
      assertThat(rehearsed).isEqualTo(seeded);
      assertThat(rehearsal.insertedByTable()).isEqualTo(result.insertedByTable());
      assertThat(result.total()).isEqualTo(20);

      // over a seeded database a rehearsal inserts nothing, as a seed would
      Map<String, List<String>> afterSeed = snapshot(database);
      assertThat(ClientSeeder.rehearse(connection, dialect).total()).isZero();
      assertThat(snapshot(database)).isEqualTo(afterSeed);
    }
  }

  /**
   * A statement that fails after others ran (here the last, its table renamed away) undoes the
   * whole seed: on PostgreSQL the statements sent together run in the seed's transaction too.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aStatementThatFailsUndoesTheWholeSeed(Engine engine) throws Exception {
    try (TestDatabase database = migrated(engine);
        Connection connection = database.connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE inventory_locations RENAME TO inventory_locations_away");
      }
      assertSeedFailsWholly(database, connection, engine, "inventory_locations");
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  /**
   * A seed over {@code connection} fails with {@code SEED_FAILED}, its message naming {@code
   * cause}, in its last statement (inventory locations'), and the statements before it kept
   * nothing.
   */
  private static void assertSeedFailsWholly(
      TestDatabase database, Connection connection, Engine engine, String cause) throws Exception {
    Dialect dialect = StoreDatabases.dialect(engine);
    assertThatThrownBy(() -> ClientSeeder.seed(connection, dialect, VALUES))
        .isInstanceOfSatisfying(
            ClientSchemaException.class,
            e -> assertThat(e.code()).isEqualTo(ClientSchemaError.SEED_FAILED))
        .hasMessageContaining("failed and was rolled back")
        .hasMessageContaining(cause);
    assertThat(StoreDatabases.rows(database, "SELECT slug FROM categories"))
        .as("the statements before the failing one kept nothing")
        .isEmpty();
    assertThat(StoreDatabases.rows(database, "SELECT setting_key FROM store_settings")).isEmpty();
  }

  /** {@code connection}, adding the text of every statement prepared on it to {@code prepared}. */
  private static Connection recording(Connection connection, List<String> prepared) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement")) {
                prepared.add((String) args[0]);
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static TestDatabase migrated(Engine engine) {
    TestDatabase database = StoreDatabases.create(engine, "seeder");
    StoreDatabases.migrator(database).migrate();
    return database;
  }

  private static SeedResult seed(TestDatabase database, SeedValues values) throws SQLException {
    Dialect dialect = StoreDatabases.dialect(database.server().engine());
    try (Connection connection = database.connect()) {
      return ClientSeeder.seed(connection, dialect, values);
    }
  }

  private static Map<String, List<String>> snapshot(TestDatabase database) throws SQLException {
    Map<String, List<String>> snapshot = new LinkedHashMap<>();
    for (String query : SEEDED_ROWS) {
      snapshot.put(query, StoreDatabases.rows(database, query));
    }
    return snapshot;
  }
}
