package io.storeplane.clientschema.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The literal seed script: quoting, and the same rows as the JDBC seeder, once. */
class SeedScriptTest {

  @Test
  void quotesLiteralsSafely() {
    assertThat(SeedScript.literal("Bob's")).isEqualTo("'Bob''s'");
    assertThat(SeedScript.literal("a\\'; DROP TABLE x; --")).isEqualTo("'a\\''; DROP TABLE x; --'");
    assertThat(SeedScript.literal("''")).isEqualTo("''''''");
    assertThat(SeedScript.literal(new UUID(0, 1)))
        .isEqualTo("'00000000-0000-0000-0000-000000000001'::uuid");
    assertThat(SeedScript.literal(-3)).isEqualTo("-3");
    assertThat(SeedScript.literal(true)).isEqualTo("TRUE");
    assertThatThrownBy(() -> SeedScript.literal("a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeedScript.literal(1L)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeedScript.literal(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seedsHostileValuesLiterallyOnceLikeTheJdbcSeeder() throws Exception {
    String name = "Bob's \\'<b>Shop</b>'); DROP TABLE products; -- $$ \"x\"";
    SeedValues values = new SeedValues(name, "GBP", "en-GB", "Europe/London");
    try (TestDatabase scripted = migrated();
        TestDatabase bound = migrated()) {
      assertThat(run(scripted, SeedScript.postgresql(values))).isEqualTo(20);
      assertThat(run(scripted, SeedScript.postgresql(values))).isZero();
      try (Connection c = bound.connect()) {
        ClientSeeder.seed(c, StoreDatabases.dialect(Engine.POSTGRESQL), values);
      }
      for (String query :
          new String[] {
            "SELECT slug, name, sort_order, is_active FROM categories ORDER BY slug",
            "SELECT setting_key, setting_value, value_type FROM store_settings ORDER BY 1",
            "SELECT slug, title, content, is_published FROM cms_pages ORDER BY slug",
            "SELECT entity_type, entity_id, meta_title, robots FROM seo_settings",
            "SELECT code, name, is_default FROM inventory_locations"
          }) {
        assertThat(StoreDatabases.rows(scripted, query))
            .isEqualTo(StoreDatabases.rows(bound, query));
      }
      assertThat(
              StoreDatabases.rows(
                  scripted,
                  "SELECT setting_value FROM store_settings"
                      + " WHERE setting_key = 'general.store_name'"))
          .containsExactly(name);
      assertThat(StoreDatabases.inspect(scripted).tableNames()).contains("products");
    }
  }

  private static TestDatabase migrated() {
    TestDatabase database = StoreDatabases.create(Engine.POSTGRESQL, "seedscript");
    StoreDatabases.migrator(database).migrate();
    return database;
  }

  private static int run(TestDatabase database, String script) throws Exception {
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(script);
      s.getMoreResults();
      try (ResultSet rs = s.getResultSet()) {
        rs.next();
        int inserted = rs.getInt(SeedScript.INSERTED);
        c.commit();
        return inserted;
      }
    }
  }
}
