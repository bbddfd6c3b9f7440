package io.storeplane.testing.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh master database for framework-free tests: uniquely named on the tests' PostgreSQL, at the
 * current master schema (master-db's Flyway migrations, {@value #MIGRATIONS}, read from the
 * caller's class path, so this module does not depend on master-db), with a plain data source on
 * it; {@link #close()} drops it. {@link #migrate} alone brings any database to that schema (the
 * benchmarks use it on their own servers).
 */
public final class MigratedMaster implements AutoCloseable {

  /** Where master-db keeps its migrations. */
  public static final String MIGRATIONS = "classpath:db/master";

  private final TestDatabase database;
  private final PGSimpleDataSource dataSource;

  private MigratedMaster(TestDatabase database) {
    this.database = database;
    migrate(database.jdbcUrl(), database.username(), database.password());
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.jdbcUrl());
    dataSource.setUser(database.username());
    dataSource.setPassword(database.password());
  }

  /** A new master database named after {@code prefix}, migrated; dropped if migrating fails. */
  public static MigratedMaster create(String prefix) {
    TestDatabase database = TestDatabases.postgres().createDatabase(prefix);
    try {
      return new MigratedMaster(database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Applies master-db's migrations to the PostgreSQL database at {@code jdbcUrl}. */
  public static void migrate(String jdbcUrl, String user, String password) {
    Flyway.configure().dataSource(jdbcUrl, user, password).locations(MIGRATIONS).load().migrate();
  }

  public TestDatabase database() {
    return database;
  }

  /** A data source on the master (a new connection each time; nothing to close). */
  public PGSimpleDataSource dataSource() {
    return dataSource;
  }

  /** The first column of the first row of {@code sql}, as a number (a count, a sum). */
  public long number(String sql, Object... values) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, values);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("No row from " + sql);
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one statement; returns the rows it changed. */
  public int update(String sql, Object... values) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, values)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code sql} with {@code values} bound in order; a {@code UUID[]} is bound as a uuid array. */
  public static PreparedStatement prepare(Connection c, String sql, Object... values)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof UUID[] ids) {
        Array array = c.createArrayOf("uuid", ids);
        s.setArray(i + 1, array);
      } else {
        s.setObject(i + 1, values[i]);
      }
    }
    return s;
  }

  @Override
  public void close() {
    database.close();
  }
}
