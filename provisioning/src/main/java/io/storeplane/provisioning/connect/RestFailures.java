package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.supabase.SupabaseException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The one place where a failed Data API call of a Supabase store becomes the table API's error, as
 * {@link SqlFailures} is for JDBC, and where it is decided whether the failure counts for the
 * store's circuit breaker. A refused write is described for clients by {@link DataRefusals}, as on
 * JDBC; PostgREST's own text stays in the message, for logs. The PostgREST error carries
 * PostgreSQL's SQLSTATE, so a constraint or a bad value gets the code the JDBC path gives it:
 *
 * <table>
 *   <caption>Data API failures</caption>
 *   <tr><th>answer</th><th>code</th><th>breaker</th></tr>
 *   <tr><td>SQLSTATE {@code 23xxx} (409 unique or foreign key; 400 not null, check)</td>
 *       <td>{@code constraint-violation}</td><td>no</td></tr>
 *   <tr><td>SQLSTATE {@code 22xxx} (a value the column cannot take)</td>
 *       <td>{@code invalid-data-request}</td><td>no</td></tr>
 *   <tr><td>SQLSTATE {@code 57014}, or no answer within the read timeout</td>
 *       <td>{@code store-query-timeout}</td><td>yes</td></tr>
 *   <tr><td>no answer (refused, unreachable), 5xx, 401 (the saved key is refused)</td>
 *       <td>{@code store-database-unavailable}</td><td>yes</td></tr>
 *   <tr><td>429</td><td>{@code connection-capacity-exhausted}</td><td>no</td></tr>
 *   <tr><td>a missing table ({@code PGRST205}, {@code 42P01})</td>
 *       <td>{@code store-schema-incomplete}</td><td>no</td></tr>
 *   <tr><td>anything else: missing grants, an answer of the wrong shape</td>
 *       <td>{@code store-query-failed}</td><td>no</td></tr>
 * </table>
 */
final class RestFailures {

  private RestFailures() {}

  /** The verdict on a failure of a Data API call: Supabase's failures are judged, others not. */
  static Optional<Verdict> verdict(String store, Exception e) {
    return e instanceof SupabaseException failure
        ? Optional.of(new Verdict(failure(store, failure), isProjectFailure(failure)))
        : Optional.empty();
  }

  /** Whether the failure says the project cannot serve the store, rather than the request's. */
  private static boolean isProjectFailure(SupabaseException e) {
    return e.code() == ProvisioningError.SUPABASE_UNAVAILABLE
        || e.code() == ProvisioningError.SUPABASE_UNAUTHORIZED;
  }

  /** A failed call as the error callers see, naming the store. */
  private static ProvisioningException failure(String store, SupabaseException e) {
    String state = e.apiCode().orElse("");
    String message = "Store %s: %s".formatted(store, e.getMessage());
    if (state.equals("57014")
        || (e.code() == ProvisioningError.SUPABASE_UNAVAILABLE
            && e.httpStatus() == 0
            && timedOut(e))) {
      return SqlFailures.failure(
          ProvisioningError.STORE_QUERY_TIMEOUT, message, SqlFailures.TIMED_OUT, e);
    }
    if (state.startsWith("23") || state.startsWith("22")) {
      DataRefusals.Refusal refusal = DataRefusals.ofPostgres(state, e.getMessage()).orElseThrow();
      return new ProvisioningException(
          refusal.code(), message, refusal.detail(), refusal.fields(), e);
    }
    if (e.code() == ProvisioningError.SUPABASE_CONFLICT) {
      return SqlFailures.failure(
          ProvisioningError.CONSTRAINT_VIOLATION,
          message,
          "The write breaks a rule of the store's database.",
          e);
    }
    if (e.code() == ProvisioningError.SUPABASE_RATE_LIMITED) {
      return SqlFailures.failure(
          ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED,
          message,
          "The store's Data API asked for fewer requests; try again shortly.",
          e);
    }
    if (e.code() == ProvisioningError.SUPABASE_SCHEMA_MISSING) {
      return SqlFailures.failure(
          ProvisioningError.STORE_SCHEMA_INCOMPLETE, message, SqlFailures.SCHEMA_INCOMPLETE, e);
    }
    if (isProjectFailure(e)) {
      return SqlFailures.failure(
          ProvisioningError.STORE_DATABASE_UNAVAILABLE, message, SqlFailures.UNAVAILABLE, e);
    }
    return SqlFailures.failure(
        ProvisioningError.STORE_QUERY_FAILED, message, SqlFailures.REFUSED, e);
  }

  /** The store's saved Supabase connection cannot make a client (a bad URL or key). */
  static ProvisioningException unusable(String store, RuntimeException e) {
    return SqlFailures.failure(
        ProvisioningError.STORE_NOT_CONNECTED,
        "Store %s: its saved Supabase connection cannot be used (%s)."
            .formatted(store, e.getMessage()),
        "The store's saved Supabase connection cannot be used.",
        e);
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
