package io.storeplane.provisioning.supabase.schema;

import io.storeplane.clientschema.jdbc.ResultRows;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.supabase.SupabaseException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link SqlRunner} over JDBC, for "Connect Existing" with the database password: the script runs
 * in one transaction, rolled back on failure. Give it a {@link DataSource} whose connections go
 * through the outbound guard ({@code GuardedJdbc}).
 */
public final class JdbcSqlRunner implements SqlRunner {

  private final DataSource dataSource;

  /** Runs scripts on connections from {@code dataSource}. */
  public JdbcSqlRunner(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public List<Map<String, Object>> run(String sql) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        List<Map<String, Object>> last = List.of();
        boolean isResultSet = statement.execute(sql);
        while (true) {
          if (isResultSet) {
            try (ResultSet rs = statement.getResultSet()) {
              last = ResultRows.asText(rs);
            }
          } else if (statement.getUpdateCount() == -1) {
            break;
          } else {
            last = List.of();
          }
          isResultSet = statement.getMoreResults();
        }
        connection.commit();
        return last;
      } catch (SQLException e) {
        connection.rollback();
        throw failure(e);
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static SupabaseException failure(SQLException e) {
    String state = e.getSQLState() == null ? "XX000" : e.getSQLState();
    return new SupabaseException(
        ProvisioningError.SUPABASE_SQL_FAILED,
        "SQL over JDBC failed: ERROR:  " + state + ": " + e.getMessage(),
        0,
        state,
        null,
        null,
        e);
  }
}
