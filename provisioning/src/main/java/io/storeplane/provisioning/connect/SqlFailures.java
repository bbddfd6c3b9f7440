package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.JdbcUrls;
import io.storeplane.provisioning.provider.SqlFailureRules;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Sorts SQL failures into the database's fault (no connection, a broken one, a timeout: counted by
 * the circuit breaker) and the statement's (a constraint, a bad value, bad SQL: the database
 * answered), and turns each into a {@link ProvisioningException} whose message names the pool.
 */
final class SqlFailures {

  private SqlFailures() {}

  /**
   * Whether the failure is the database's fault rather than the statement's ({@link
   * SqlFailureRules#isUnavailable}): these count for the circuit breaker.
   */
  static boolean isDatabaseFailure(SQLException e) {
    return SqlFailureRules.isUnavailable(e);
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
    ProvisioningError code;
    if (SqlFailureRules.isTimeout(e)) {
      code = ProvisioningError.STORE_QUERY_TIMEOUT;
    } else if (isDatabaseFailure(e)) {
      code = ProvisioningError.STORE_DATABASE_UNAVAILABLE;
    } else if (SqlFailureRules.isConstraintViolation(e)) {
      code = ProvisioningError.CONSTRAINT_VIOLATION;
    } else if (SqlFailureRules.isInvalidValue(e)) {
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
}
