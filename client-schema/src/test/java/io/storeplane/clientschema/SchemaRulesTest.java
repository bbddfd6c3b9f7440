package io.storeplane.clientschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.testing.StoreDatabases;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules the schema enforces hold on both engines: each CHECK, unique key and foreign key
 * rejects a bad row while the same row made valid is accepted (so a rejection is never an accident
 * of the statement). Plus UTC timestamps on MySQL and text search on product titles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaRulesTest {

  private static final String PRODUCT = "'7d0c9a8e-1111-4f3e-8a51-000000000001'";
  private static final String ORDER = "'7d0c9a8e-1111-4f3e-8a51-000000000003'";

  private final Map<Engine, TestDatabase> databases = new EnumMap<>(Engine.class);

  @BeforeAll
  void migrateBothEngines() throws SQLException {
    for (Engine engine : Engine.values()) {
      TestDatabase database = StoreDatabases.create(engine, "rules");
      databases.put(engine, database);
      StoreDatabases.migrator(database).migrate();
      StoreDatabases.execute(
          database,
          "INSERT INTO products (id, title, slug, status) VALUES ("
              + PRODUCT
              + ", 'Trail Runner Pro', 'trail-runner-pro', 'active')",
          "INSERT INTO product_variants (id, product_id, sku, title, price, options) VALUES"
              + " ('7d0c9a8e-1111-4f3e-8a51-000000000002', "
              + PRODUCT
              + ", 'TRP-1', 'Default', 10, '{}')",
          "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total) VALUES ("
              + ORDER
              + ", '#1', 'a@b.example', 'EUR', 1, 1)");
    }
  }

  @AfterAll
  void dropDatabases() {
    databases.values().forEach(TestDatabase::close);
  }

  /** Each case: a rule, a statement that breaks it, and the same statement made valid. */
  static Stream<Arguments> rules() {
    return Stream.of(Engine.values())
        .flatMap(
            engine ->
                Stream.of(
                    rule(
                        engine,
                        "product slugs are lower case",
                        "INSERT INTO products (id, title, slug) VALUES ('{id}', 'X', '{value}')",
                        "Shoes-{key}",
                        "shoes-{key}"),
                    rule(
                        engine,
                        "product status is draft, active or archived",
                        "INSERT INTO products (id, title, slug, status) VALUES ('{id}', 'X', 's-{key}', '{value}')",
                        "live",
                        "archived"),
                    rule(
                        engine,
                        "a percentage discount is at most 100",
                        "INSERT INTO discounts (id, code, discount_type, amount) VALUES ('{id}', 'C{KEY}', 'percentage', {value})",
                        "150",
                        "15"),
                    rule(
                        engine,
                        "discount usage never passes its limit",
                        "INSERT INTO discounts (id, code, discount_type, amount, usage_limit, usage_count) VALUES ('{id}', 'U{KEY}', 'fixed', 5, 10, {value})",
                        "11",
                        "10"),
                    rule(
                        engine,
                        "discount codes are upper case",
                        "INSERT INTO discounts (id, code, discount_type, amount) VALUES ('{id}', '{value}', 'fixed', 5)",
                        "spring{KEY}",
                        "SPRING{KEY}"),
                    rule(
                        engine,
                        "variant options are JSON",
                        "INSERT INTO product_variants (id, product_id, sku, title, price, options) VALUES ('{id}', "
                            + PRODUCT
                            + ", 'SKU-{key}', 'V', 1, '{value}')",
                        "{not json",
                        "{\"size\": \"M\"}"),
                    rule(
                        engine,
                        "variants reference an existing product",
                        "INSERT INTO product_variants (id, product_id, sku, title, price, options) VALUES ('{id}', {value}, 'FK-{key}', 'V', 1, '{}')",
                        "'7d0c9a8e-1111-4f3e-8a51-0000000000ff'",
                        "" + PRODUCT + ""),
                    rule(
                        engine,
                        "SKUs are unique",
                        "INSERT INTO product_variants (id, product_id, sku, title, price, options) VALUES ('{id}', "
                            + PRODUCT
                            + ", '{value}', 'V', 1, '{}')",
                        "TRP-1",
                        "TRP-{key}"),
                    rule(
                        engine,
                        "order item quantities are positive",
                        "INSERT INTO order_items (id, order_id, sku, title, quantity, unit_price, line_total) VALUES ('{id}', "
                            + ORDER
                            + ", 'X-1', 'X', {value}, 1, 1)",
                        "0",
                        "2"),
                    rule(
                        engine,
                        "order currencies are upper-case ISO codes",
                        "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total) VALUES ('{id}', 'N-{key}', 'a@b.example', '{value}', 1, 1)",
                        "eur",
                        "EUR"),
                    rule(
                        engine,
                        "customer emails are stored lower case",
                        "INSERT INTO customers (id, email) VALUES ('{id}', '{value}@example.com')",
                        "Ada{key}",
                        "ada{key}"),
                    rule(
                        engine,
                        "page routes start with a slash",
                        "INSERT INTO pages (id, route, title, sections) VALUES ('{id}', '{value}', 'T', '[]')",
                        "about-{key}",
                        "/about-{key}"),
                    rule(
                        engine,
                        "the store-wide SEO row uses the nil entity id",
                        "INSERT INTO seo_settings (id, entity_type, entity_id) VALUES ('{id}', 'store', '{value}')",
                        "7d0c9a8e-1111-4f3e-8a51-00000000abcd",
                        "00000000-0000-0000-0000-000000000000"),
                    rule(
                        engine,
                        "outbox retry counts are not negative",
                        "INSERT INTO analytics_events (id, event_type, payload, retry_count) VALUES ('{id}', 'order.placed', '{}', {value})",
                        "-1",
                        "3")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("rules")
  void enforces(Engine engine, String rule, String invalid, String valid) throws SQLException {
    TestDatabase database = databases.get(engine);

    assertThatThrownBy(() -> StoreDatabases.execute(database, invalid))
        .as(rule)
        .isInstanceOf(SQLException.class);
    assertThatCode(() -> StoreDatabases.execute(database, valid))
        .as(rule)
        .doesNotThrowAnyException();
  }

  @Test
  void mysqlTimestampsDefaultToUtcWhateverTheSessionTimeZone() throws SQLException {
    try (Connection connection = databases.get(Engine.MYSQL).connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET time_zone = '+05:00'");
      statement.execute(
          "INSERT INTO analytics_events (id, event_type, payload) VALUES"
              + " ('7d0c9a8e-1111-4f3e-8a51-000000000099', 'utc.check', '{}')");
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT TIMESTAMPDIFF(SECOND, created_at, UTC_TIMESTAMP(6)),"
                  + " TIMESTAMPDIFF(SECOND, created_at, NOW(6)) FROM analytics_events"
                  + " WHERE event_type = 'utc.check'")) {
        rows.next();
        assertThat(rows.getLong(1)).isBetween(0L, 60L);
        assertThat(rows.getLong(2)).isBetween(5 * 3600L, 5 * 3600L + 60);
      }
    }
  }

  @Test
  void postgresFindsProductTitlesByTrigramSimilarity() throws SQLException {
    assertThat(
            StoreDatabases.rows(
                databases.get(Engine.POSTGRESQL),
                "SELECT title FROM products WHERE title % 'trail runer'"))
        .contains("Trail Runner Pro");
  }

  @Test
  void mysqlFindsProductTitlesByFullText() throws SQLException {
    assertThat(
            StoreDatabases.rows(
                databases.get(Engine.MYSQL),
                "SELECT title FROM products WHERE MATCH (title) AGAINST ('runner')"))
        .contains("Trail Runner Pro");
  }

  private static Arguments rule(
      Engine engine, String rule, String template, String badValue, String goodValue) {
    return Arguments.of(
        engine, rule, statement(template, badValue), statement(template, goodValue));
  }

  /**
   * The template with {value} (which may hold the other placeholders), a fresh {id}, and a short
   * unique {key} (lower case) or {KEY} (upper case).
   */
  private static String statement(String template, String value) {
    String id = uuid();
    String key = id.substring(24);
    return template
        .replace("{value}", value)
        .replace("{id}", id)
        .replace("{key}", key)
        .replace("{KEY}", key.toUpperCase(Locale.ROOT));
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }
}
