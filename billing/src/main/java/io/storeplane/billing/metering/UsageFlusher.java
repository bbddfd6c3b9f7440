package io.storeplane.billing.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes what the {@link UsageMeter} counted into the master: one transaction per batch, which
 * records the batch's id in {@code usage_flushes} first and adds its counts to {@code
 * usage_metrics} only if that id was new. A batch whose transaction failed keeps its id and is
 * retried, unchanged, before anything counted later (which goes in a batch of its own), so a batch
 * whose commit happened although the client saw an error is added once.
 *
 * <p>The batch is one statement whatever its size: arrays bound as parameters, unnested, joined to
 * {@code stores} (a store id that names no store, as a platform call to a random store path gives,
 * is skipped) and upserted additively in (store, day) order, so two instances flushing the same
 * rows wait for each other instead of deadlocking (should a deadlock still happen, PostgreSQL
 * aborts one transaction and its batch is retried like any failed one). The stores' {@code
 * last_activity_at} moves forward in the same transaction, to the minute: a store whose value is
 * less than a minute behind is not written again (a flush every 5 s would otherwise rewrite every
 * active store's row, with its indexes, each time). Flush ids older than a day are deleted.
 */
@ApplicationScoped
public class UsageFlusher {

  private static final Logger LOG = Logger.getLogger(UsageFlusher.class);

  private static final String RECORD_FLUSH =
      "INSERT INTO usage_flushes (flush_id, instance, stores) VALUES (?, ?, ?)"
          + " ON CONFLICT (flush_id) DO NOTHING";

  private static final String ADD_COUNTS =
      """
      INSERT INTO usage_metrics (store_id, metric_date, api_calls, client_errors, server_errors,
                                 latency_histogram, updated_at)
      SELECT b.store_id, b.metric_date, b.calls, b.client_errors, b.server_errors,
             b.histogram::bigint[], ?
        FROM unnest(?::uuid[], ?::date[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[])
             AS b (store_id, metric_date, calls, client_errors, server_errors, histogram)
        JOIN stores s ON s.id = b.store_id
       ORDER BY b.store_id, b.metric_date
      ON CONFLICT (store_id, metric_date) DO UPDATE SET
        api_calls = usage_metrics.api_calls + EXCLUDED.api_calls,
        client_errors = usage_metrics.client_errors + EXCLUDED.client_errors,
        server_errors = usage_metrics.server_errors + EXCLUDED.server_errors,
        latency_histogram = ARRAY(
          SELECT coalesce(h.stored, 0) + coalesce(h.added, 0)
            FROM unnest(usage_metrics.latency_histogram, EXCLUDED.latency_histogram)
                 WITH ORDINALITY AS h (stored, added, position)
           ORDER BY h.position),
        updated_at = EXCLUDED.updated_at
      """;

  private static final String TOUCH_STORES =
      """
      UPDATE stores s
         SET last_activity_at = b.seen
        FROM unnest(?::uuid[], ?::timestamptz[]) AS b (store_id, seen)
       WHERE s.id = b.store_id
         AND (s.last_activity_at IS NULL OR s.last_activity_at < b.seen - interval '1 minute')
      """;

  private static final String FORGET_OLD_FLUSHES =
      "DELETE FROM usage_flushes WHERE flushed_at < now() - interval '1 day'";

  private final UsageMeter meter;
  private final DataSource dataSource;
  private final Clock clock;
  private final String instance;
  private final Counter flushes;
  private final Counter failures;
  private final DistributionSummary stores;
  private final Timer duration;
  private Batch pending;

  @Inject
  UsageFlusher(UsageMeter meter, DataSource dataSource, Clock clock, MeterRegistry registry) {
    this(meter, dataSource, clock, registry, defaultInstance());
  }

  /**
   * @param instance this process's name in {@code usage_flushes} (at most 128 characters)
   */
  public UsageFlusher(
      UsageMeter meter,
      DataSource dataSource,
      Clock clock,
      MeterRegistry registry,
      String instance) {
    this.meter = meter;
    this.dataSource = dataSource;
    this.clock = clock;
    this.instance = instance.length() > 128 ? instance.substring(0, 128) : instance;
    this.flushes =
        Counter.builder("storeplane.metering.flushes")
            .description("Metering batches committed to usage_metrics")
            .register(registry);
    this.failures =
        Counter.builder("storeplane.metering.flush.failures")
            .description("Metering flushes whose transaction failed (the batch is retried)")
            .register(registry);
    this.stores =
        DistributionSummary.builder("storeplane.metering.flush.stores")
            .description("Stores in one committed metering batch")
            .register(registry);
    this.duration =
        Timer.builder("storeplane.metering.flush.duration")
            .description("Time one metering flush took, failed or not")
            .register(registry);
  }

  private static String defaultInstance() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }

  /**
   * Retries a batch that failed before, then writes what was counted since the last flush. Never
   * throws: a failure is logged, counted and returned, and its batch is kept for the next call.
   */
  public synchronized FlushResult flush() {
    long started = System.nanoTime();
    int batches = 0;
    int storeDays = 0;
    try {
      if (pending != null) {
        write(pending);
        batches++;
        storeDays += pending.counts().size();
        pending = null;
      }
      List<DayCount> counts = meter.drain(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
      if (!counts.isEmpty()) {
        pending = Batch.of(UUID.randomUUID(), counts);
        write(pending);
        batches++;
        storeDays += pending.counts().size();
        pending = null;
      }
      return new FlushResult(batches, storeDays, Optional.empty());
    } catch (SQLException | RuntimeException e) {
      failures.increment();
      LOG.warnf(
          "Metering flush %s of %d store-days failed; it is retried with the same id at the next"
              + " flush: %s",
          pending == null ? null : pending.id(),
          pending == null ? 0 : pending.counts().size(),
          e.getMessage());
      return new FlushResult(batches, storeDays, Optional.of(e));
    } finally {
      duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** The last batch whose commit the meter was told of (guarded by this flusher's lock). */
  private UUID reportedCommitted;

  /** The id of a batch waiting to be retried, if one is. */
  public synchronized Optional<UUID> pendingFlush() {
    return Optional.ofNullable(pending).map(Batch::id);
  }

  private void write(Batch batch) throws SQLException {
    boolean committed = false;
    meter.committing();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      boolean applied;
      try {
        applied = apply(connection, batch);
        connection.commit();
        committed = true;
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
      if (applied) {
        flushes.increment();
        stores.record(batch.storeIds().length);
      }
      connection.setAutoCommit(true); // after a failure the pool resets it when it takes it back
    } finally {
      // A batch whose commit was already reported (and whose connection then failed) is retried
      // and found applied: the meter is told of its counts once, or the quota would count them
      // as committed twice.
      boolean report = committed && !batch.id().equals(reportedCommitted);
      if (report) {
        reportedCommitted = batch.id();
      }
      meter.committed(batch.counts(), report);
    }
  }

  /** The batch's statements; false when its id was already recorded (an earlier try committed). */
  private boolean apply(Connection connection, Batch batch) throws SQLException {
    try (PreparedStatement record = connection.prepareStatement(RECORD_FLUSH)) {
      record.setObject(1, batch.id());
      record.setString(2, instance);
      record.setInt(3, batch.storeIds().length);
      if (record.executeUpdate() == 0) {
        LOG.infof("Metering flush %s had already committed; it is not added again", batch.id());
        return false;
      }
    }
    List<DayCount> counts = batch.counts();
    int n = counts.size();
    UUID[] store = new UUID[n];
    String[] day = new String[n];
    Long[] calls = new Long[n];
    Long[] clientErrors = new Long[n];
    Long[] serverErrors = new Long[n];
    String[] histogram = new String[n];
    for (int i = 0; i < n; i++) {
      DayCount count = counts.get(i);
      store[i] = count.storeId();
      day[i] = count.day().toString();
      calls[i] = count.calls();
      clientErrors[i] = count.clientErrors();
      serverErrors[i] = count.serverErrors();
      histogram[i] = asArrayLiteral(count.latencyHistogram());
    }
    try (PreparedStatement add = connection.prepareStatement(ADD_COUNTS)) {
      add.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      add.setArray(2, connection.createArrayOf("uuid", store));
      add.setArray(3, connection.createArrayOf("text", day));
      add.setArray(4, connection.createArrayOf("bigint", calls));
      add.setArray(5, connection.createArrayOf("bigint", clientErrors));
      add.setArray(6, connection.createArrayOf("bigint", serverErrors));
      add.setArray(7, connection.createArrayOf("text", histogram));
      add.executeUpdate();
    }
    try (PreparedStatement touch = connection.prepareStatement(TOUCH_STORES)) {
      touch.setArray(1, connection.createArrayOf("uuid", batch.storeIds()));
      touch.setArray(2, connection.createArrayOf("text", batch.lastSeen()));
      touch.executeUpdate();
    }
    try (PreparedStatement forget = connection.prepareStatement(FORGET_OLD_FLUSHES)) {
      forget.executeUpdate();
    }
    return true;
  }

  private static String asArrayLiteral(long[] values) {
    StringBuilder literal = new StringBuilder(values.length * 3 + 2).append('{');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        literal.append(',');
      }
      literal.append(values[i]);
    }
    return literal.append('}').toString();
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * One flush's counts under its id, with its distinct stores and the latest arrival of each (in
   * the same order), computed once.
   */
  private record Batch(UUID id, List<DayCount> counts, UUID[] storeIds, String[] lastSeen) {

    static Batch of(UUID id, List<DayCount> counts) {
      Map<UUID, java.time.Instant> latest = new LinkedHashMap<>();
      for (DayCount count : counts) {
        latest.merge(count.storeId(), count.lastSeen(), (a, b) -> a.isAfter(b) ? a : b);
      }
      return new Batch(
          id,
          List.copyOf(counts),
          latest.keySet().toArray(UUID[]::new),
          latest.values().stream().map(java.time.Instant::toString).toArray(String[]::new));
    }
  }
}
