package io.storeplane.fleet.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.jdbc.ResultRows;
import io.storeplane.clientschema.manifest.Arrival;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The counts a preflight runs, on real PostgreSQL and MariaDB: rows sharing a key that arrives
 * (keys with a NULL part never clash; MySQL compares them as its collation does), and NULLs a fill
 * cannot replace. No shipped version adds a unique key to an existing table yet, so this is where
 * that rule meets a database.
 */
class StoreQueriesTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void countsTheRowsAnArrivingKeyOrNotNullWouldReject(Engine engine) throws Exception {
    Dialect dialect = engine == Engine.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
    try (TestDatabase db = TestDatabases.server(engine).createDatabase("pfsql");
        Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE variants (id INTEGER PRIMARY KEY, sku VARCHAR(20))");
      s.execute(
          "CREATE TABLE order_lines (id INTEGER PRIMARY KEY, variant_id INTEGER, sku VARCHAR(20),"
              + " code VARCHAR(20), region VARCHAR(20))");
      s.execute("INSERT INTO variants VALUES (1, 'A'), (2, NULL)");
      s.execute(
          "INSERT INTO order_lines VALUES (1, 1, NULL, 'x', 'eu'), (2, 2, NULL, 'x', 'eu'),"
              + " (3, NULL, NULL, 'x', 'eu'), (4, 9, NULL, 'y', NULL), (5, 1, 'B', 'y', NULL),"
              + " (6, 1, 'C', 'z', 'us')");

      Arrival key =
          new Arrival(
              Arrival.Kind.UNIQUE,
              "order_lines",
              List.of("code", "region"),
              Optional.of("uq_order_lines_code_region"),
              Optional.empty(),
              false);
      // (x, eu) three times; (y, NULL) twice never clashes
      assertThat(count(s, StoreQueries.rejected(dialect, key))).isEqualTo(3);

      Arrival filled =
          new Arrival(
              Arrival.Kind.NOT_NULL,
              "order_lines",
              List.of("sku"),
              Optional.empty(),
              Optional.of(
                  new Arrival.Fill(
                      "fk_order_lines_variant", "sku", "variants", "variant_id", "id")),
              false);
      // line 1 takes 'A'; 2 (variant without a SKU), 3 (no variant) and 4 (variant gone) cannot
      assertThat(count(s, StoreQueries.rejected(dialect, filled))).isEqualTo(3);

      Arrival plain =
          new Arrival(
              Arrival.Kind.NOT_NULL,
              "order_lines",
              List.of("sku"),
              Optional.empty(),
              Optional.empty(),
              false);
      assertThat(count(s, StoreQueries.rejected(dialect, plain))).isEqualTo(4);

      try (ResultSet sizes = s.executeQuery(StoreQueries.sizes(dialect, List.of("order_lines")))) {
        List<java.util.Map<String, Object>> rows = ResultRows.asObjects(sizes);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("name").toString()).isEqualToIgnoringCase("order_lines");
        assertThat(StoreQueries.number(rows.get(0).get("bytes"))).isPositive();
      }
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      return StoreQueries.count(ResultRows.asObjects(rs));
    }
  }
}
