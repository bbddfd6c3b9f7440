package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.JdbcUrls;
import io.storeplane.provisioning.provider.SqlFailureRules;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Sorts SQL failures into the database's fault (no connection, a broken one, a timeout: counted by
 * the circuit breaker) and the statement's (a constraint, a bad value, bad SQL: the database
 * answered), and turns each into a {@link ProvisioningException} whose message names the pool and
 * quotes the driver (for logs and callers of the library) and whose detail, what an API client is
 * told, does neither: a refused write is described by {@link DataRefusals}.
 */
final class SqlFailures {

  /** Details for clients: what happened, never which pool or what the driver said. */
  static final String UNAVAILABLE = "The store's database cannot be reached now.";

  static final String BUSY = "Every connection to the store's database stayed busy for the wait.";
  static final String TIMED_OUT = "The statement ran longer than the store's query timeout.";
  static final String REFUSED = "The store's database could not run the statement.";
  static final String SCHEMA_INCOMPLETE =
      "The store's database lacks a table or column of the store schema; provisioning the store"
          + " again completes an interrupted migration.";

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
          BUSY,
          List.of(),
          e);
    }
    return new ProvisioningException(
        ProvisioningError.STORE_DATABASE_UNAVAILABLE,
        "Pool %s: no connection to the store's database (%s)."
            .formatted(pool, summary(e.getCause() instanceof SQLException c ? c : e)),
        UNAVAILABLE,
        List.of(),
        e);
  }

  /** A failed statement as the error callers see. */
  static ProvisioningException statementFailure(String pool, SQLException e) {
    String message = "Pool %s: %s".formatted(pool, summary(e));
    if (SqlFailureRules.isTimeout(e)) {
      return failure(ProvisioningError.STORE_QUERY_TIMEOUT, message, TIMED_OUT, e);
    }
    if (isDatabaseFailure(e)) {
      return failure(ProvisioningError.STORE_DATABASE_UNAVAILABLE, message, UNAVAILABLE, e);
    }
    if (SqlFailureRules.isConstraintViolation(e) || SqlFailureRules.isInvalidValue(e)) {
      Optional<DataRefusals.Refusal> refusal = DataRefusals.of(e);
      if (refusal.isPresent()) {
        return new ProvisioningException(
            refusal.get().code(), message, refusal.get().detail(), refusal.get().fields(), e);
      }
    }
    if (SqlFailureRules.isMissingSchemaObject(e)) {
      return failure(ProvisioningError.STORE_SCHEMA_INCOMPLETE, message, SCHEMA_INCOMPLETE, e);
    }
    return failure(ProvisioningError.STORE_QUERY_FAILED, message, REFUSED, e);
  }

  /** A failure of the store's database as a client sees it: the code and a fixed detail. */
  static ProvisioningException failure(
      ProvisioningError code, String message, String detail, Throwable cause) {
    return new ProvisioningException(code, message, detail, List.of(), cause);
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
