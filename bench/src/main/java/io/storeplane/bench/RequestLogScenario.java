package io.storeplane.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.billing.request.StoreRequest;
import io.storeplane.billing.requestlog.RequestLog;
import io.storeplane.billing.requestlog.RequestLogSettings;
import io.storeplane.billing.requestlog.RequestLogTable;
import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The request log's writer on a master database migrated like the real one. Table 1: rows/s of a
 * batch written as one {@code COPY} against one multi-row {@code INSERT}, per batch size, with a
 * single-row {@code INSERT} per entry (what logging without a batch writer does) as the baseline.
 * Table 2: what a request pays: {@link RequestLog#offer} while the real writer COPYs, against a
 * synchronous single-row {@code INSERT} on the request's thread.
 */
final class RequestLogScenario {

  private final int entries;
  private final int baselineEntries;
  private final List<Integer> batches;
  private final int rounds;
  private final int offers;

  RequestLogScenario(BenchOptions options) {
    this.entries = options.positiveInteger("entries", 100_000);
    this.baselineEntries = options.positiveInteger("baseline-entries", 10_000);
    this.batches = options.positiveIntegers("batch", "100,500,2000");
    this.rounds = options.positiveInteger("rounds", 2);
    this.offers = options.positiveInteger("offers", 200_000);
  }

  void run() throws Exception {
    BenchServers.Server server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    System.out.printf(
        "entries: %d per batched run, %d for the single-row baseline; batches %s; %d rounds%n%n",
        entries, baselineEntries, batches, rounds);
    try (BenchServers servers = new BenchServers()) {
      try (HikariDataSource pool = server.pool(servers.master(server), 2)) {
        RequestLogTable table = new RequestLogTable(pool);
        Instant now = Instant.now();
        table.ensurePartition(RequestLogTable.dayOf(now));
        List<StoreRequest> sample = entries(Math.max(entries, baselineEntries), now);
        writes(pool, table, sample);
        offers(pool, table, now);
      }
    }
  }

  private void writes(HikariDataSource pool, RequestLogTable table, List<StoreRequest> sample)
      throws Exception {
    // Warm-up: both methods once, unmeasured.
    write(
        pool,
        table,
        sample.subList(0, Math.min(20_000, entries)),
        500,
        RequestLogTable.Method.COPY);
    write(
        pool,
        table,
        sample.subList(0, Math.min(20_000, entries)),
        500,
        RequestLogTable.Method.INSERT);
    Table out =
        new Table(
            "method",
            "batch",
            "rows",
            "rows/s (best round)",
            "× single-row INSERT",
            "batch p50 ms",
            "batch p99 ms");
    double single = 0;
    for (int round = 0; round < rounds; round++) {
      Result r =
          write(pool, table, sample.subList(0, baselineEntries), 1, RequestLogTable.Method.INSERT);
      single = Math.max(single, r.rowsPerSecond());
    }
    out.row("single-row INSERT per entry (baseline)", 1, baselineEntries, single, 1.0, "–", "–");
    for (int batch : batches) {
      for (RequestLogTable.Method method : RequestLogTable.Method.values()) {
        Result best = null;
        for (int round = 0; round < rounds; round++) {
          Result r = write(pool, table, sample.subList(0, entries), batch, method);
          best = best == null || r.rowsPerSecond() > best.rowsPerSecond() ? r : best;
        }
        out.row(
            method == RequestLogTable.Method.COPY ? "COPY" : "multi-row INSERT",
            batch,
            entries,
            best.rowsPerSecond(),
            best.rowsPerSecond() / single,
            best.batches().percentileMicros(50) / 1000,
            best.batches().percentileMicros(99) / 1000);
      }
    }
    out.print();
    System.out.println();
  }

  private record Result(double rowsPerSecond, Latencies batches) {}

  private static Result write(
      HikariDataSource pool,
      RequestLogTable table,
      List<StoreRequest> rows,
      int batch,
      RequestLogTable.Method method)
      throws Exception {
    truncate(pool);
    Latencies latencies = new Latencies();
    long start = System.nanoTime();
    for (int from = 0; from < rows.size(); from += batch) {
      long t = System.nanoTime();
      table.write(rows.subList(from, Math.min(rows.size(), from + batch)), method);
      latencies.record(System.nanoTime() - t);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(rows.size() / seconds, Latencies.merge(List.of(latencies)));
  }

  /** What the request thread pays: an offer to the log against a synchronous insert. */
  private void offers(HikariDataSource pool, RequestLogTable table, Instant now) throws Exception {
    truncate(pool);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RequestLogSettings settings =
        new RequestLogSettings(
            true, 1.0, 10_000, 500, Duration.ofSeconds(1), Duration.ofSeconds(60), 7);
    Latencies offering = new Latencies();
    UUID store = UUID.randomUUID();
    try (RequestLog log =
        new RequestLog(
                settings,
                batch -> table.write(batch, RequestLogTable.Method.COPY),
                registry,
                Math::random)
            .start()) {
      for (int i = 0; i < offers; i++) {
        StoreRequest entry = entry(store, now, i);
        long t = System.nanoTime();
        log.offer(entry);
        offering.record(System.nanoTime() - t);
      }
    }
    Latencies offered = Latencies.merge(List.of(offering));
    double written = registry.get("storeplane.request-log.written").counter().count();
    double dropped = registry.get("storeplane.request-log.dropped").counter().count();

    truncate(pool);
    Latencies inserting = new Latencies();
    for (int i = 0; i < baselineEntries; i++) {
      StoreRequest entry = entry(store, now, i);
      long t = System.nanoTime();
      table.write(List.of(entry), RequestLogTable.Method.INSERT);
      inserting.record(System.nanoTime() - t);
    }
    Latencies inserted = Latencies.merge(List.of(inserting));
    Table out = new Table("on the request's thread", "calls", "p50 µs", "p99 µs", "max µs");
    out.row(
        "synchronous single-row INSERT (baseline)",
        inserted.count(),
        inserted.percentileMicros(50),
        inserted.percentileMicros(99),
        inserted.maxMicros());
    out.row(
        "RequestLog.offer (COPY writer behind it)",
        offered.count(),
        offered.percentileMicros(50),
        offered.percentileMicros(99),
        offered.maxMicros());
    out.print();
    System.out.printf(
        "%nof the %d offers (one thread, as fast as it can): %.0f written, %.0f dropped (queue"
            + " full)%n",
        offers, written, dropped);
  }

  private static void truncate(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE api_usage_logs");
    }
  }

  private static List<StoreRequest> entries(int n, Instant now) {
    List<UUID> stores = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      stores.add(UUID.randomUUID());
    }
    List<StoreRequest> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(entry(stores.get(i % stores.size()), now, i));
    }
    return all;
  }

  private static StoreRequest entry(UUID store, Instant now, int i) {
    boolean failed = ThreadLocalRandom.current().nextInt(20) == 0;
    return new StoreRequest(
        store,
        i % 10 == 0,
        i % 3 == 0 ? "POST" : "GET",
        "/api/v1/stores/{id}/data/{table}",
        failed ? 400 : 200,
        failed ? "unknown-table" : null,
        1_000_000L + i,
        now.plusNanos(i * 1000L),
        "10.0.%d.%d".formatted(i % 256, i / 256 % 256),
        "storeplane-client/1.0 (Java 17)",
        UUID.randomUUID().toString());
  }
}
