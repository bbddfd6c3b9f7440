package io.storeplane.billing.metering;

import io.storeplane.billing.BillingError;
import io.storeplane.billing.BillingException;
import io.storeplane.billing.plan.PlanTerms;
import io.storeplane.billing.plan.PlanTermsReader;
import io.storeplane.master.plan.LimitMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The daily API quota of a store's plan ({@code plans.max_api_calls_per_day}, NULL unlimited; a
 * {@code SOFT} {@code api_calls_limit} never refuses). A store's usage today is its flushed {@code
 * usage_metrics.api_calls} (read from the master, kept for at most one flush interval) plus what
 * this instance counted since that read: what it has not flushed yet and what it flushed after the
 * read. With one instance that is exact; other instances' calls arrive with their flushes
 * (docs/usage.md, the overshoot bound).
 *
 * <p>The read happens between two of this instance's flush commits, never across one (it is
 * repeated if a commit started or ended during it), so a batch is never counted twice nor missed.
 */
@ApplicationScoped
public class ApiQuota {

  private static final String READ =
      """
      SELECT %s, coalesce(u.api_calls, 0) AS api_calls
        FROM %s
        LEFT JOIN usage_metrics u ON u.store_id = s.id AND u.metric_date = ?
       WHERE s.id = ?
      """
          .formatted(PlanTermsReader.COLUMNS, PlanTermsReader.FROM);

  /** Reads that raced a flush commit are repeated this many times, then taken as they are. */
  private static final int READ_ATTEMPTS = 3;

  private final UsageMeter meter;
  private final DataSource dataSource;
  private final Clock clock;
  private final long maxAgeNanos;
  private static final Logger LOG = Logger.getLogger(ApiQuota.class);
  private static final long WARNING_PERIOD_NANOS = Duration.ofMinutes(1).toNanos();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_PERIOD_NANOS);
  private final Map<UUID, Reading> readings = new ConcurrentHashMap<>();

  @Inject
  ApiQuota(UsageMeter meter, DataSource dataSource, Clock clock, MeteringConfig config) {
    this(meter, dataSource, clock, config.flushInterval());
  }

  /**
   * @param maxAge how long a store's flushed usage and plan are used before they are read again
   */
  public ApiQuota(UsageMeter meter, DataSource dataSource, Clock clock, Duration maxAge) {
    this.meter = meter;
    this.dataSource = dataSource;
    this.clock = clock;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** Whether {@link #admit} would answer from memory, without reading the master. */
  public boolean knows(UUID storeId) {
    if (!meter.active()) {
      return true; // nothing to read: admit() lets every call through
    }
    Reading reading = readings.get(storeId);
    return reading != null && fresh(reading, today());
  }

  /**
   * Lets a call made with the store's own token through, or refuses it when the store has used its
   * plan's hard daily quota. Reads the master when this store's reading is older than the flush
   * interval.
   *
   * @throws BillingException {@link BillingError#API_QUOTA_EXCEEDED}, with the time until 00:00 UTC
   *     as its retry-after
   */
  public void admit(UUID storeId) {
    admit(storeId, true);
  }

  /**
   * As {@link #admit(UUID)}, but never reads the master when {@code mayRead} is false: a reading
   * that went stale since {@link #knows} said it was fresh is used once more (for a caller on a
   * thread that must not block). A master that cannot be read lets the call through on the last
   * reading of the day, or without one: the quota is never a reason to fail a store's calls.
   */
  public void admit(UUID storeId, boolean mayRead) {
    if (!meter.active()) {
      return;
    }
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Reading reading = readings.get(storeId);
    boolean usable = reading != null && reading.day().equals(today);
    if (!usable || (mayRead && !fresh(reading, today))) {
      if (!mayRead) {
        return; // no reading of today and no read allowed: admitted, the next call reads
      }
      try {
        reading = read(storeId, today);
        readings.put(storeId, reading);
      } catch (RuntimeException e) {
        warnUnreadable(storeId, e);
        if (!usable) {
          return;
        }
      }
    }
    if (reading.limit() == null || reading.mode() == LimitMode.SOFT) {
      return;
    }
    long used = usage(storeId, reading, today);
    if (used >= reading.limit()) {
      Instant reset = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Duration wait = Duration.between(now, reset);
      throw new BillingException(
          BillingError.API_QUOTA_EXCEEDED,
          "Store %s used its plan's API quota: %d of %d calls on %s (plan %s)"
              .formatted(storeId, used, reading.limit(), today, reading.plan()),
          "This store used its plan's API quota of %d calls for %s (UTC, plan '%s'); it resets at"
                  .formatted(reading.limit(), today, reading.plan())
              + " 00:00 UTC.",
          List.of(),
          wait,
          null);
    }
  }

  private void warnUnreadable(UUID storeId, RuntimeException e) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last > WARNING_PERIOD_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warnf(
          "The API quota could not be read (store %s: %s); calls are let through on the last"
              + " reading until it can (logged once a minute)",
          storeId, e.getMessage());
    }
  }

  private long usage(UUID storeId, Reading reading, LocalDate today) {
    StoreDay key = new StoreDay(storeId, today);
    return reading.flushed() + meter.counted(key) - reading.committedAtRead();
  }

  private boolean fresh(Reading reading, LocalDate today) {
    return reading.day().equals(today) && System.nanoTime() - reading.readAtNanos() < maxAgeNanos;
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private Reading read(UUID storeId, LocalDate today) {
    StoreDay key = new StoreDay(storeId, today);
    Reading reading = null;
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      long sequence = meter.commitSequence();
      // Taken before the read: should a commit slip past the check, the usage comes out high
      // (a call refused early), never low.
      long committed = meter.committed(key);
      reading = query(storeId, today, committed);
      if (sequence % 2 == 0 && sequence == meter.commitSequence()) {
        break;
      }
    }
    return reading;
  }

  private Reading query(UUID storeId, LocalDate today, long committed) {
    long readAt = System.nanoTime();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(READ)) {
      select.setObject(1, today);
      select.setObject(2, storeId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          // No such store: nothing to hold it to (the request is answered 404 elsewhere).
          return new Reading(today, null, null, LimitMode.SOFT, 0, committed, readAt);
        }
        PlanTerms terms = PlanTermsReader.read(row);
        PlanTerms.Term quota = terms.apiCallsPerDay();
        return new Reading(
            today,
            terms.plan(),
            quota.max(),
            quota.mode(),
            row.getLong("api_calls"),
            committed,
            readAt);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not read the API quota of store " + storeId + ": " + e.getMessage(), e);
    }
  }

  /**
   * A store's plan quota and flushed usage on {@code day}, as read at {@code readAtNanos}, with
   * what this instance's flushes had committed for it at that moment.
   */
  private record Reading(
      LocalDate day,
      String plan,
      Long limit,
      LimitMode mode,
      long flushed,
      long committedAtRead,
      long readAtNanos) {}
}
