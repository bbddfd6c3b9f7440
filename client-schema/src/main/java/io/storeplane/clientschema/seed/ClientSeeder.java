package io.storeplane.clientschema.seed;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a new store's default rows (categories, store settings, CMS pages home/about/contact/
 * privacy, store-wide SEO, one inventory location) with the store's own name, currency, locale and
 * time zone.
 *
 * <p>Idempotent: each row is inserted only if no row with its natural key (slug, setting key,
 * location code, SEO entity) exists, in one transaction, with bind parameters only; a table's rows
 * go in one statement. On PostgreSQL that is a multi-row {@code INSERT ... ON CONFLICT (key) DO
 * NOTHING} and every statement goes in one round trip; on MySQL and MariaDB, which have no such
 * clause for one key, an {@code INSERT ... SELECT ... WHERE NOT EXISTS} per table, one round trip
 * each. A value a merchant changed later is never overwritten; a seeded row the merchant deleted
 * comes back on the next run.
 */
public final class ClientSeeder {

  private ClientSeeder() {}

  /** The values {@link #rehearse} seeds with: its rows are never kept, so any valid ones do. */
  private static final SeedValues REHEARSAL = new SeedValues("Rehearsal", "USD", "en-US", "UTC");

  /**
   * Seeds the schema-migrated store database behind {@code connection}. The connection's
   * auto-commit mode is restored afterwards; the connection stays open.
   *
   * @throws ClientSchemaException {@link ClientSchemaError#SEED_FAILED} when a statement fails (the
   *     transaction is rolled back)
   */
  public static SeedResult seed(Connection connection, Dialect dialect, SeedValues values) {
    Objects.requireNonNull(values, "values");
    return run(connection, dialect, values, true);
  }

  /**
   * Runs the seed's statements over {@code connection} in a transaction that is always rolled back,
   * so the database keeps none of its rows (on PostgreSQL the rolled-back rows are dead tuples
   * until vacuum), and the session has done once what a seed's statements make a new session do
   * first: on PostgreSQL, load the catalog entries of the seeded tables, their indexes and the
   * tables their foreign keys point to, and plan each foreign-key check (kept per session). A
   * {@link #seed} over the same connection afterwards skips that work. Every statement is the
   * seed's own (same text, same columns); only the values differ.
   *
   * @return what the rehearsal inserted before it rolled back: nothing where the seed's rows are
   *     already there, as a seed would
   * @throws ClientSchemaException {@link ClientSchemaError#SEED_FAILED} when a statement fails
   */
  public static SeedResult rehearse(Connection connection, Dialect dialect) {
    return run(connection, dialect, REHEARSAL, false);
  }

  private static SeedResult run(
      Connection connection, Dialect dialect, SeedValues values, boolean keep) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(dialect, "dialect");
    List<SeedRow> rows = StoreSeed.rows(values);
    Map<String, Integer> inserted = new LinkedHashMap<>();
    rows.forEach(row -> inserted.putIfAbsent(row.table(), 0));
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        List<List<SeedRow>> statements = sameShapeRuns(rows);
        int[] counts =
            dialect == Dialect.POSTGRESQL
                ? insertTogether(connection, statements)
                : insertOneByOne(connection, dialect, statements);
        for (int i = 0; i < statements.size(); i++) {
          inserted.merge(statements.get(i).get(0).table(), counts[i], Integer::sum);
        }
        if (keep) {
          connection.commit();
        } else {
          connection.rollback();
        }
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new ClientSchemaException(
          ClientSchemaError.SEED_FAILED,
          keep
              ? "Seeding the %s store database for '%s' failed and was rolled back: %s"
                  .formatted(dialect, values.storeName(), e.getMessage())
              : "Rehearsing the seed of a %s store database failed (it keeps nothing): %s"
                  .formatted(dialect, e.getMessage()),
          e);
    }
    return new SeedResult(inserted);
  }

  /** The rows in order, cut where the table or the columns change: one statement per run. */
  private static List<List<SeedRow>> sameShapeRuns(List<SeedRow> rows) {
    List<List<SeedRow>> runs = new ArrayList<>();
    for (SeedRow row : rows) {
      if (runs.isEmpty() || !runs.get(runs.size() - 1).get(0).sameShapeAs(row)) {
        runs.add(new ArrayList<>());
      }
      runs.get(runs.size() - 1).add(row);
    }
    return runs;
  }

  /**
   * PostgreSQL: every statement ({@link SeedRow#postgresqlInsertSql}) in one round trip. The driver
   * sends the statements of one prepared text together (each its own parse, bind and execute, then
   * one sync), so the seed costs that round trip and its commit instead of one per statement; the
   * first that fails stops the rest, and the transaction is rolled back as before.
   */
  private static int[] insertTogether(Connection connection, List<List<SeedRow>> statements)
      throws SQLException {
    String sql = String.join(";\n", statements.stream().map(SeedRow::postgresqlInsertSql).toList());
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      for (List<SeedRow> rows : statements) {
        for (Object value : SeedRow.postgresqlParameters(rows)) {
          bind(statement, index++, value, Dialect.POSTGRESQL);
        }
      }
      int[] counts = new int[statements.size()];
      boolean rowsAnswered = statement.execute();
      for (int i = 0; i < counts.length; i++) {
        if (i > 0) {
          rowsAnswered = statement.getMoreResults();
        }
        counts[i] = statement.getUpdateCount();
        if (rowsAnswered || counts[i] < 0) {
          throw new SQLException(
              "Seed statement %d of %d answered no row count".formatted(i + 1, counts.length));
        }
      }
      return counts;
    }
  }

  /** MySQL and MariaDB: one round trip per statement (several in one need allowMultiQueries). */
  private static int[] insertOneByOne(
      Connection connection, Dialect dialect, List<List<SeedRow>> statements) throws SQLException {
    int[] counts = new int[statements.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = insert(connection, dialect, statements.get(i));
    }
    return counts;
  }

  private static int insert(Connection connection, Dialect dialect, List<SeedRow> rows)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(SeedRow.insertIfAbsentSql(rows))) {
      List<Object> parameters = SeedRow.parameters(rows);
      for (int i = 0; i < parameters.size(); i++) {
        bind(statement, i + 1, parameters.get(i), dialect);
      }
      return statement.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, int index, Object value, Dialect dialect)
      throws SQLException {
    if (value instanceof UUID uuid) {
      // PostgreSQL columns are uuid; MySQL ones CHAR(36) holding the canonical text form.
      if (dialect == Dialect.POSTGRESQL) {
        statement.setObject(index, uuid);
      } else {
        statement.setString(index, uuid.toString());
      }
    } else if (value instanceof String text) {
      statement.setString(index, text);
    } else if (value instanceof Integer number) {
      statement.setInt(index, number);
    } else if (value instanceof Boolean flag) {
      statement.setBoolean(index, flag);
    } else {
      throw new IllegalArgumentException("No binding for seed value of " + value.getClass());
    }
  }

  private static void rollback(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
