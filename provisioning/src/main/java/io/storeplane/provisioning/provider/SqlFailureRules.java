package io.storeplane.provisioning.provider;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The one set of rules for what a failed JDBC call means, by SQLState (PostgreSQL and the SQL
 * standard) and MySQL/MariaDB vendor code. Provisioning ({@link DatabaseFailures}: retry or not)
 * and the ConnectionManager ({@code connect.SqlFailures}: the caller's error, the circuit breaker)
 * both ask these questions and nothing else.
 */
public final class SqlFailureRules {

  /**
   * MySQL error codes of constraint failures reported with SQLState HY000: a CHECK constraint (3819
   * MySQL, 4025 MariaDB) and a NOT NULL column without default left out (1364).
   */
  private static final Set<Integer> MYSQL_CONSTRAINT_CODES = Set.of(3819, 4025, 1364);

  /** MySQL error codes of values the column cannot take, reported with SQLState HY000. */
  private static final Set<Integer> MYSQL_VALUE_CODES = Set.of(1292, 1366, 1406, 1264);

  /** SQLStates of a table or column that does not exist (MySQL, then PostgreSQL). */
  private static final Set<String> MISSING_OBJECT_STATES =
      Set.of("42S02", "42S22", "42P01", "42703");

  /** MySQL error codes of a table (1146) or column (1054) that does not exist. */
  private static final Set<Integer> MYSQL_MISSING_OBJECT_CODES = Set.of(1146, 1054);

  /** MySQL: too many connections (SQLState HY000 or 08004). */
  private static final int MYSQL_TOO_MANY_CONNECTIONS = 1040;

  /** MySQL: access denied for user (1045), or for user to database (1044). */
  private static final Set<Integer> MYSQL_ACCESS_DENIED_CODES = Set.of(1045, 1044);

  /** MySQL: unknown database. */
  private static final int MYSQL_UNKNOWN_DATABASE = 1049;

  /** MySQL: statement interrupted by max_execution_time. */
  private static final int MYSQL_QUERY_TIMEOUT = 3024;

  private SqlFailureRules() {}

  /**
   * Whether the database, not the statement, failed: the connection was lost or refused (class 08,
   * {@link SQLRecoverableException}, {@link SQLTransientConnectionException}), the server is
   * shutting down or cannot take a connection now (57P), it ran out of resources (class 53; MySQL
   * 1040, too many connections), or the statement ran out of time ({@link #isTimeout}).
   */
  public static boolean isUnavailable(SQLException e) {
    String state = state(e);
    return e instanceof SQLRecoverableException
        || e instanceof SQLTransientConnectionException
        || state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57P")
        || e.getErrorCode() == MYSQL_TOO_MANY_CONNECTIONS
        || isTimeout(e);
  }

  /**
   * Whether the statement was cancelled for running too long: PostgreSQL 57014, MySQL 70100 or
   * error 3024, or the driver's {@link SQLTimeoutException}.
   */
  public static boolean isTimeout(SQLException e) {
    String state = state(e);
    return e instanceof SQLTimeoutException
        || state.equals("57014")
        || state.equals("70100")
        || e.getErrorCode() == MYSQL_QUERY_TIMEOUT;
  }

  /**
   * Whether the transaction lost to a concurrent one (serialization failure 40001, deadlock 40P01):
   * the statement was fine and running it again may succeed, but the database is not at fault.
   */
  public static boolean isConflict(SQLException e) {
    String state = state(e);
    return state.equals("40001") || state.equals("40P01");
  }

  /**
   * Whether running the call again later may help: {@link #isUnavailable} or {@link #isConflict}.
   */
  public static boolean isTransient(SQLException e) {
    return isUnavailable(e) || isConflict(e);
  }

  /** Whether a constraint rejected the row (class 23; MySQL CHECK and NOT NULL codes). */
  public static boolean isConstraintViolation(SQLException e) {
    return state(e).startsWith("23") || MYSQL_CONSTRAINT_CODES.contains(e.getErrorCode());
  }

  /** Whether a value does not fit its column (class 22; MySQL value codes). */
  public static boolean isInvalidValue(SQLException e) {
    return state(e).startsWith("22") || MYSQL_VALUE_CODES.contains(e.getErrorCode());
  }

  /**
   * Whether the statement named a table or column the database does not have (42S02, 42S22, MySQL
   * 1146, 1054; PostgreSQL 42P01, 42703).
   */
  public static boolean isMissingSchemaObject(SQLException e) {
    return MISSING_OBJECT_STATES.contains(state(e))
        || MYSQL_MISSING_OBJECT_CODES.contains(e.getErrorCode());
  }

  /** Whether the server rejected the user name or password (class 28; MySQL 1045, 1044). */
  public static boolean isAuthenticationFailure(SQLException e) {
    return state(e).startsWith("28") || MYSQL_ACCESS_DENIED_CODES.contains(e.getErrorCode());
  }

  /** Whether the database named in the connection does not exist (3D000; MySQL 1049). */
  public static boolean isUnknownDatabase(SQLException e) {
    return state(e).equals("3D000") || e.getErrorCode() == MYSQL_UNKNOWN_DATABASE;
  }

  private static String state(SQLException e) {
    return e.getSQLState() == null ? "" : e.getSQLState();
  }
}
