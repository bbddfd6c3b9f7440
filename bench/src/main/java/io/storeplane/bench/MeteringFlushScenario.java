package io.storeplane.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.billing.metering.FlushResult;
import io.storeplane.billing.metering.LatencyBuckets;
import io.storeplane.billing.metering.UsageFlusher;
import io.storeplane.billing.metering.UsageMeter;
import io.storeplane.billing.request.StoreRequest;
import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One metering flush of {@code --stores} stores' counters ({@code billing}'s {@link UsageFlusher}:
 * the flush id, the stores locked in id order, the one-statement additive upsert into {@code
 * usage_metrics} with its histogram merge, {@code last_activity_at}, old flush ids deleted, all in
 * one transaction), against the same rows written by one plain multi-row {@code INSERT} (and, for a
 * later flush of the same day, the same {@code INSERT} with a plain additive {@code ON CONFLICT DO
 * UPDATE} of the three counters), on one master database migrated like the real one, in the same
 * run. Each round uses a new day: the first flush of a day inserts its rows, the next one of the
 * same day updates them.
 */
final class MeteringFlushScenario {

  private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");

  private final int stores;
  private final int rounds;
  private final int warmup;

  MeteringFlushScenario(BenchOptions options) {
    this.stores = options.positiveInteger("stores", 10_000);
    this.rounds = options.positiveInteger("rounds", 5);
    this.warmup = options.integer("warmup", 2);
  }

  void run() throws Exception {
    BenchServers.Server server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    System.out.printf(
        "stores: %d, three calls each per flush; %d rounds after %d unmeasured%n%n",
        stores, rounds, warmup);
    try (BenchServers servers = new BenchServers()) {
      try (HikariDataSource pool = server.pool(servers.master(server), 2)) {
        measure(pool);
      }
    }
  }

  private void measure(HikariDataSource pool) throws SQLException {
    List<UUID> ids = insertStores(pool);
    UsageMeter meter = new UsageMeter(true);
    UsageFlusher flusher =
        new UsageFlusher(
            meter, pool, Clock.systemUTC(), new SimpleMeterRegistry(), "bench-metering");
    Latencies firstFlush = new Latencies();
    Latencies laterFlush = new Latencies();
    Latencies plainInsert = new Latencies();
    Latencies plainUpsert = new Latencies();
    Table detail =
        new Table("round", "path", "rows", "ms", "checked (sum of api_calls on the day)");
    for (int round = -warmup; round < rounds; round++) {
      // Day 2r: the flusher's; day 2r + 1: the baseline's. Never reused across rounds.
      int index = round + warmup;
      Instant flushDay = START.plus(2L * index, java.time.temporal.ChronoUnit.DAYS);
      LocalDate baselineDay = LocalDate.ofInstant(flushDay, ZoneOffset.UTC).plusDays(1);
      for (int pass = 0; pass < 2; pass++) {
        count(meter, ids, flushDay);
        long started = System.nanoTime();
        FlushResult result = flusher.flush();
        long flushNanos = System.nanoTime() - started;
        if (!result.succeeded() || result.storeDays() != stores) {
          throw new IllegalStateException("The flush did not write every store: " + result);
        }
        long baselineNanos = plain(pool, ids, baselineDay, pass == 1);
        long expected = 3L * stores * (pass + 1);
        String flushCheck = checked(pool, LocalDate.ofInstant(flushDay, ZoneOffset.UTC), expected);
        String baselineCheck = checked(pool, baselineDay, expected);
        if (round >= 0) {
          (pass == 0 ? firstFlush : laterFlush).record(flushNanos);
          (pass == 0 ? plainInsert : plainUpsert).record(baselineNanos);
          detail.row(
              round + 1,
              pass == 0 ? "flush, first of the day (inserts)" : "flush, same day (updates)",
              stores,
              millis(flushNanos),
              flushCheck);
          detail.row(
              round + 1,
              pass == 0 ? "plain multi-row INSERT" : "plain multi-row INSERT ... ON CONFLICT",
              stores,
              millis(baselineNanos),
              baselineCheck);
        }
      }
    }
    firstFlush = Latencies.merge(List.of(firstFlush));
    laterFlush = Latencies.merge(List.of(laterFlush));
    plainInsert = Latencies.merge(List.of(plainInsert));
    plainUpsert = Latencies.merge(List.of(plainUpsert));
    Table summary =
        new Table(
            "path",
            "ratio flush/plain (p50)",
            "flush p50 ms",
            "flush max ms",
            "plain p50 ms",
            "plain max ms");
    summary.row(
        "first flush of a day (rows inserted)",
        firstFlush.percentileMicros(50) / plainInsert.percentileMicros(50),
        firstFlush.percentileMicros(50) / 1000.0,
        firstFlush.maxMicros() / 1000.0,
        plainInsert.percentileMicros(50) / 1000.0,
        plainInsert.maxMicros() / 1000.0);
    summary.row(
        "later flush of the day (rows updated)",
        laterFlush.percentileMicros(50) / plainUpsert.percentileMicros(50),
        laterFlush.percentileMicros(50) / 1000.0,
        laterFlush.maxMicros() / 1000.0,
        plainUpsert.percentileMicros(50) / 1000.0,
        plainUpsert.maxMicros() / 1000.0);
    summary.print();
    detail.print();
  }

  private List<UUID> insertStores(HikariDataSource pool) throws SQLException {
    List<UUID> ids = new ArrayList<>(stores);
    for (int i = 0; i < stores; i++) {
      ids.add(UUID.randomUUID());
    }
    try (Connection connection = pool.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                """
                INSERT INTO stores (id, name, slug, status, plan_code, subscription_status,
                                    created_at, updated_at)
                SELECT id, 'Bench', 'b-' || replace(id::text, '-', ''), 'ACTIVE', 'free', 'ACTIVE',
                       now(), now()
                  FROM unnest(?::uuid[]) AS id
                """)) {
      insert.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      insert.executeUpdate();
    }
    return ids;
  }

  /** Three answered calls per store: a fast 200, a slower 200, a 404. */
  private static void count(UsageMeter meter, List<UUID> ids, Instant at) {
    for (UUID id : ids) {
      meter.observed(call(id, 200, 3, at));
      meter.observed(call(id, 200, 40, at));
      meter.observed(call(id, 404, 1, at));
    }
  }

  private static StoreRequest call(UUID store, int status, long millis, Instant at) {
    return new StoreRequest(
        store,
        false,
        "GET",
        "/api/v1/stores/{id}/data/{table}",
        status,
        status == 404 ? "not-found" : null,
        TimeUnit.MILLISECONDS.toNanos(millis),
        at,
        "127.0.0.1",
        "bench",
        "bench");
  }

  /**
   * The same rows (store, day, three counters, the histogram) written by one plain multi-row
   * statement in autocommit: no flush id, no lock, no histogram merge, no store update.
   */
  private static long plain(HikariDataSource pool, List<UUID> ids, LocalDate day, boolean upsert)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO usage_metrics (store_id, metric_date, api_calls, client_errors,"
                + " server_errors, latency_histogram, updated_at) VALUES ");
    for (int i = 0; i < ids.size(); i++) {
      sql.append(i == 0 ? "" : ",").append("(?, ?, ?, ?, ?, ?::bigint[], now())");
    }
    if (upsert) {
      sql.append(
          " ON CONFLICT (store_id, metric_date) DO UPDATE SET"
              + " api_calls = usage_metrics.api_calls + EXCLUDED.api_calls,"
              + " client_errors = usage_metrics.client_errors + EXCLUDED.client_errors,"
              + " server_errors = usage_metrics.server_errors + EXCLUDED.server_errors,"
              + " updated_at = EXCLUDED.updated_at");
    }
    long[] histogram = new long[LatencyBuckets.COUNT];
    histogram[LatencyBuckets.of(TimeUnit.MILLISECONDS.toNanos(1))] = 1;
    histogram[LatencyBuckets.of(TimeUnit.MILLISECONDS.toNanos(3))] += 1;
    histogram[LatencyBuckets.of(TimeUnit.MILLISECONDS.toNanos(40))] += 1;
    String literal =
        Arrays.toString(histogram).replace('[', '{').replace(']', '}').replace(" ", "");
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql.toString())) {
      int p = 1;
      for (UUID id : ids) {
        insert.setObject(p++, id);
        insert.setObject(p++, day);
        insert.setLong(p++, 3);
        insert.setLong(p++, 1);
        insert.setLong(p++, 0);
        insert.setString(p++, literal);
      }
      long started = System.nanoTime();
      insert.executeUpdate();
      return System.nanoTime() - started;
    }
  }

  private static String checked(HikariDataSource pool, LocalDate day, long expected)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement sum =
            connection.prepareStatement(
                "SELECT coalesce(sum(api_calls), 0) FROM usage_metrics WHERE metric_date = ?")) {
      sum.setObject(1, day);
      try (var row = sum.executeQuery()) {
        row.next();
        long actual = row.getLong(1);
        if (actual != expected) {
          throw new IllegalStateException(
              "usage_metrics holds " + actual + " calls on " + day + ", not " + expected);
        }
        return actual + " ok";
      }
    }
  }

  private static String millis(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }
}
