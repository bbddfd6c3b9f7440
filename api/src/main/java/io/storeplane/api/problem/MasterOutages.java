package io.storeplane.api.problem;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Recognizes, among the failures that reach the HTTP layer, the master database not answering
 * (issue 15, finding 4), and logs such an outage once per {@link #LOG_PERIOD} instead of a stack
 * trace per request. Store databases never show up here: the ConnectionManager and provisioning
 * turn their failures into module exceptions ({@code store-database-unavailable}, ...), so a
 * connection failure that reaches the HTTP layer raw is the master's (Hibernate, Panache and the
 * token check all use it).
 *
 * <p>A failure counts when its cause chain holds a JDBC connection failure: SQLState class {@code
 * 08} (refused, lost, or the socket timeout of a silent server, as pgjdbc reports them; Hibernate's
 * {@code JDBCConnectionException} wraps exactly these), a {@code SQLTransientConnectionException}
 * or {@code SQLNonTransientConnectionException}, or Agroal giving up acquiring a connection within
 * {@code quarkus.datasource.jdbc.acquisition-timeout} (an {@link SQLException} without SQLState
 * thrown by Agroal's pool).
 */
@ApplicationScoped
public class MasterOutages {

  /** At most one log line about a master outage per this period. */
  static final Duration LOG_PERIOD = Duration.ofSeconds(30);

  /** What a client is told; never the driver's text, a host or a port. */
  static final String DETAIL =
      "The platform's master database cannot be reached now; retry after the time given.";

  private static final Logger LOG = Logger.getLogger(MasterOutages.class);

  private final Clock clock;
  private final AtomicLong nextReportMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger unreported = new AtomicInteger();

  MasterOutages(Clock clock) {
    this.clock = clock;
  }

  /**
   * The {@code master-database-unavailable} failure to answer with when {@code failure} was caused
   * by the master not answering, reported to the log once per period.
   */
  public Optional<MasterDataException> of(Throwable failure) {
    Optional<SQLException> cause = connectionFailure(failure);
    cause.ifPresent(this::report);
    return cause.map(c -> new MasterDataException(MasterError.MASTER_DATABASE_UNAVAILABLE, DETAIL));
  }

  /** The JDBC connection failure in {@code failure}'s cause chain, if there is one. */
  static Optional<SQLException> connectionFailure(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof SQLException sql && isConnectionFailure(sql)) {
        return Optional.of(sql);
      }
    }
    return Optional.empty();
  }

  private static boolean isConnectionFailure(SQLException e) {
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException) {
      return true;
    }
    String state = e.getSQLState();
    if (state != null) {
      return state.startsWith("08");
    }
    StackTraceElement[] thrownAt = e.getStackTrace();
    return thrownAt.length > 0 && thrownAt[0].getClassName().startsWith("io.agroal.");
  }

  private void report(SQLException cause) {
    long now = clock.millis();
    long next = nextReportMillis.get();
    if (now < next || !nextReportMillis.compareAndSet(next, now + LOG_PERIOD.toMillis())) {
      unreported.incrementAndGet();
      return;
    }
    int before = unreported.getAndSet(0);
    String state = cause.getSQLState() == null ? "" : " [" + cause.getSQLState() + "]";
    LOG.warnf(
        "The master database does not answer (%s%s: %s); API calls answer 503"
            + " master-database-unavailable. %d more such calls since the last report; the next"
            + " report comes %s after this one at the earliest.",
        cause.getClass().getSimpleName(),
        state,
        String.valueOf(cause.getMessage()).strip(),
        before,
        LOG_PERIOD);
  }
}
