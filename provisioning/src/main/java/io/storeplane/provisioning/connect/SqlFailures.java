package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.JdbcUrls;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Sorts SQL failures into the database's fault (no connection, a broken one, a timeout: counted by
 * the circuit breaker) and the statement's (a constraint, a bad value, bad SQL: the database
 * answered), and turns each into a {@link ProvisioningException} whose message names the pool.
 */
final class SqlFailures {

  /**
   * MySQL error codes of constraint failures reported with SQLState HY000: a CHECK constraint (3819
   * MySQL, 4025 MariaDB) and a NOT NULL column without default left out (1364).
   */
  private static final Set<Integer> MYSQL_CONSTRAINT_CODES = Set.of(3819, 4025, 1364);

  /** MySQL error codes of values the column cannot take, reported with SQLState HY000. */
  private static final Set<Integer> MYSQL_VALUE_CODES = Set.of(1292, 1366, 1406, 1264);

  private SqlFailures() {}

  /** Whether the failure is the database's fault rather than the statement's. */
  static boolean isDatabaseFailure(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLRecoverableException
        || e instanceof SQLTimeoutException
        || e instanceof SQLTransientConnectionException
        || (state != null && (state.startsWith("08") || state.equals("57P01")))
        || isTimeout(e);
  }

  /**
   * The failure to borrow a connection: with every connection of the pool lent out it is the
   * store's own pool size that ran out ({@code saturated}); otherwise connecting failed or took
   * longer than the connect timeout, and the database counts as unavailable.
   */
  static ProvisioningException connectFailure(String pool, SQLException e, boolean saturated) {
    if (saturated) {
      return new ProvisioningException(
          ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED,
          "Pool %s: every connection stayed busy for the whole wait (%s)."
              .formatted(pool, e.getMessage()),
          e);
    }
    return new ProvisioningException(
        ProvisioningError.STORE_DATABASE_UNAVAILABLE,
        "Pool %s: no connection to the store's database (%s)."
            .formatted(pool, summary(e.getCause() instanceof SQLException c ? c : e)),
        e);
  }

  /** A failed statement as the error callers see. */
  static ProvisioningException statementFailure(String pool, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    ProvisioningError code;
    if (isTimeout(e)) {
      code = ProvisioningError.STORE_QUERY_TIMEOUT;
    } else if (isDatabaseFailure(e)) {
      code = ProvisioningError.STORE_DATABASE_UNAVAILABLE;
    } else if (state.startsWith("23") || MYSQL_CONSTRAINT_CODES.contains(e.getErrorCode())) {
      code = ProvisioningError.CONSTRAINT_VIOLATION;
    } else if (state.startsWith("22") || MYSQL_VALUE_CODES.contains(e.getErrorCode())) {
      code = ProvisioningError.INVALID_DATA_REQUEST;
    } else {
      code = ProvisioningError.STORE_QUERY_FAILED;
    }
    return new ProvisioningException(code, "Pool %s: %s".formatted(pool, summary(e)), e);
  }

  /** The verdict on a failure of a JDBC call: SQL failures are judged, anything else is not. */
  static Optional<Verdict> verdict(String pool, Exception e) {
    return e instanceof SQLException sql
        ? Optional.of(new Verdict(statementFailure(pool, sql), isDatabaseFailure(sql)))
        : Optional.empty();
  }

  /** Type, SQL state and message of a failure, with any JDBC URL password masked. */
  static String summary(Throwable e) {
    String state =
        e instanceof SQLException sql && sql.getSQLState() != null
            ? " [" + sql.getSQLState() + "]"
            : "";
    String message = e.getMessage() == null ? "" : JdbcUrls.redact(e.getMessage().strip());
    return e.getClass().getSimpleName() + state + ": " + message;
  }

  /** PostgreSQL cancels a timed-out statement with 57014; MySQL reports 70100 or error 3024. */
  private static boolean isTimeout(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTimeoutException
        || "57014".equals(state)
        || "70100".equals(state)
        || e.getErrorCode() == 3024;
  }
}
