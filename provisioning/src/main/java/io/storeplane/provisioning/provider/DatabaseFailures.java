package io.storeplane.provisioning.provider;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.OutboundConnectionDeniedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a JDBC driver, Flyway or the outbound guard threw into a {@link ProvisioningException}
 * with a precise, secret-free message and a code that tells a transient failure ({@link
 * ProvisioningError#DATABASE_UNREACHABLE}) from a permanent one.
 */
public final class DatabaseFailures {

  private static final String UNREACHABLE =
      "The database server could not be reached (refused, timed out or lost).";
  private static final String STEP_FAILED =
      "The database refused the step; the server's log has its answer.";

  private DatabaseFailures() {}

  /**
   * The failure of {@code what} (e.g. "Connecting to 127.0.0.1:5432/shop as app") as a provisioning
   * exception; a provisioning exception passes through unchanged.
   */
  public static ProvisioningException translate(String what, Throwable failure) {
    if (failure instanceof ProvisioningException p) {
      return p;
    }
    var denied = OutboundConnectionDeniedException.findIn(failure);
    if (denied.isPresent()) {
      return failure(
          ProvisioningError.DATABASE_HOST_DENIED,
          what + " refused: " + denied.get().getMessage(),
          "The outbound policy does not allow connections to the database host.",
          failure);
    }
    for (Throwable t : chain(failure)) {
      if (t.getClass().getSimpleName().equals("OutboundConnectionDeniedException")) {
        // the guard's exception as loaded by a JDBC driver's own class loader
        return failure(
            ProvisioningError.DATABASE_HOST_DENIED,
            what + " refused: " + t.getMessage(),
            "The outbound policy does not allow connections to the database host.",
            failure);
      }
    }
    if (failure instanceof ClientSchemaException schema) {
      if (schema.code() == ClientSchemaError.SCHEMA_CLASH) {
        return new ProvisioningException(
            ProvisioningError.SCHEMA_CLASH, schema.getMessage(), failure);
      }
      if (schema.code() == ClientSchemaError.SCHEMA_INCOMPLETE) {
        return failure(
            ProvisioningError.STORE_SCHEMA_INCOMPLETE,
            what + ": " + schema.getMessage(),
            "The store database does not have the complete store schema after migrating; the"
                + " job's message lists what is missing.",
            failure);
      }
      if (schema.getCause() != null && isTransient(schema.getCause())) {
        return failure(
            ProvisioningError.DATABASE_UNREACHABLE,
            what + ": " + schema.getMessage(),
            UNREACHABLE,
            failure);
      }
      return failure(
          ProvisioningError.PROVISIONING_STEP_FAILED,
          what + ": " + schema.getMessage(),
          STEP_FAILED,
          failure);
    }
    for (Throwable t : chain(failure)) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (SqlFailureRules.isAuthenticationFailure(sql)) {
          return failure(
              ProvisioningError.DATABASE_AUTHENTICATION_FAILED,
              what + " failed: the server rejected the user name or password (" + state + ")",
              "The database server rejected the user name or password.",
              failure);
        }
        if (SqlFailureRules.isUnknownDatabase(sql)) {
          return failure(
              ProvisioningError.DATABASE_NOT_FOUND,
              what + " failed: the database does not exist on that server",
              "The database does not exist on that server.",
              failure);
        }
      }
      if (t instanceof UnknownHostException) {
        return failure(
            ProvisioningError.DATABASE_HOST_DENIED,
            what + " failed: the host does not resolve",
            "The database host does not resolve.",
            failure);
      }
    }
    if (isTransient(failure)) {
      return failure(
          ProvisioningError.DATABASE_UNREACHABLE,
          what + " failed: " + rootMessage(failure) + " (will retry)",
          UNREACHABLE,
          failure);
    }
    return failure(
        ProvisioningError.PROVISIONING_STEP_FAILED,
        what + " failed: " + rootMessage(failure),
        STEP_FAILED,
        failure);
  }

  /**
   * The message (which names the host, database and user, and quotes the driver) is for logs and
   * the job's record; an API client gets the detail, which repeats nothing it sent.
   */
  private static ProvisioningException failure(
      ProvisioningError code, String message, String detail, Throwable cause) {
    return new ProvisioningException(code, message, detail, List.of(), cause);
  }

  /**
   * Whether retrying later may help: connection refused, timeouts, a connection lost, or a SQL
   * failure {@link SqlFailureRules#isTransient} anywhere in the cause chain.
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof ConnectException
          || t instanceof SocketTimeoutException
          || t instanceof NoRouteToHostException) {
        return true;
      }
      if (t instanceof SQLException sql && SqlFailureRules.isTransient(sql)) {
        return true;
      }
    }
    return false;
  }

  private static Iterable<Throwable> chain(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    java.util.List<Throwable> out = new java.util.ArrayList<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    for (Throwable t : chain(failure)) {
      root = t;
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.length() > 400 ? message.substring(0, 400) + "..." : message;
  }
}
