package io.storeplane.billing.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.billing.request.StoreRequest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The request log's queue and writer against a real master database: sampling, a full queue that
 * drops and counts while the writer is held, batches by size and by interval, failures counted,
 * shutdown writing what is queued, and both write methods storing the same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLogTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:15:30.123456Z");

  private final RequestLogMaster master = new RequestLogMaster("reqlog");

  @AfterAll
  void drop() {
    master.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    master.table.dropPartitions(master.table.partitions());
    master.table.ensurePartition(LocalDate.of(2026, 12, 5));
  }

  private static RequestLogSettings settings(double rate, int capacity, int batch) {
    return settings(rate, capacity, batch, Duration.ofMillis(50));
  }

  private static RequestLogSettings settings(
      double rate, int capacity, int batch, Duration interval) {
    return new RequestLogSettings(true, rate, capacity, batch, interval, Duration.ofSeconds(30), 7);
  }

  private RequestLog.BatchWriter copy() {
    return batch -> master.table.write(batch, RequestLogTable.Method.COPY);
  }

  private static double count(MeterRegistry registry, String name) {
    return registry.get("storeplane.request-log." + name).counter().count();
  }

  @Test
  void aFullQueueDropsAndCountsWhileTheWriterIsHeld() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RequestLog.BatchWriter blocked =
        batch -> {
          held.countDown();
          assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
          copy().write(batch);
        };
    UUID store = UUID.randomUUID();
    try (RequestLog log = new RequestLog(settings(1.0, 3, 1), blocked, registry, () -> 0.5)) {
      log.start();
      assertThat(log.offer(RequestLogMaster.request(store, NOW, 0))).isTrue();
      assertThat(held.await(30, TimeUnit.SECONDS)).as("the writer took the first entry").isTrue();

      // The writer is held: three entries fill the queue, the next five are dropped at once.
      for (int i = 1; i <= 8; i++) {
        boolean queued = log.offer(RequestLogMaster.request(store, NOW.plusMillis(i), i));
        assertThat(queued).as("entry %d", i).isEqualTo(i <= 3);
      }
      assertThat(log.queued()).isEqualTo(3);
      assertThat(count(registry, "dropped")).isEqualTo(5);
      assertThat(registry.get("storeplane.request-log.queued").gauge().value()).isEqualTo(3);

      release.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> count(registry, "written") == 4);
    }
    assertThat(master.read())
        .extracting(row -> row.get("request_id"))
        .containsExactly("req-0", "req-1", "req-2", "req-3");
    assertThat(count(registry, "dropped")).isEqualTo(5);
    assertThat(count(registry, "batch-failures")).isZero();
  }

  @Test
  void samplingAtZeroWritesNoneAndAtOneWritesEvery() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    UUID store = UUID.randomUUID();
    try (RequestLog none =
        new RequestLog(settings(0.0, 1000, 100), copy(), registry, Math::random)) {
      none.start();
      IntStream.range(0, 200)
          .forEach(i -> assertThat(none.offer(RequestLogMaster.request(store, NOW, i))).isFalse());
    }
    assertThat(master.rows()).isZero();
    assertThat(count(registry, "sampled-out")).isEqualTo(200);
    assertThat(count(registry, "written")).isZero();

    MeterRegistry every = new SimpleMeterRegistry();
    try (RequestLog all = new RequestLog(settings(1.0, 1000, 64), copy(), every, Math::random)) {
      all.start();
      IntStream.range(0, 200).forEach(i -> all.offer(RequestLogMaster.request(store, NOW, i)));
    }
    // close() wrote what was queued: nothing is waited for here.
    assertThat(master.rows()).isEqualTo(200);
    assertThat(count(every, "written")).isEqualTo(200);
    assertThat(count(every, "sampled-out")).isZero();
  }

  @Test
  void aRateBetweenKeepsTheDrawsBelowIt() {
    MeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger n = new AtomicInteger();
    // Draws 0.0, 0.1, … 0.9 over and over: a rate of 0.3 keeps 0.0, 0.1 and 0.2.
    try (RequestLog log =
        new RequestLog(
            settings(0.3, 1000, 100), copy(), registry, () -> (n.getAndIncrement() % 10) / 10.0)) {
      log.start();
      IntStream.range(0, 100)
          .forEach(i -> log.offer(RequestLogMaster.request(UUID.randomUUID(), NOW, i)));
    }
    assertThat(master.rows()).isEqualTo(30);
    assertThat(count(registry, "sampled-out")).isEqualTo(70);
  }

  @Test
  void aFullBatchIsWrittenAtOnceAndAPartOneAfterTheInterval() {
    MeterRegistry registry = new SimpleMeterRegistry();
    List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    RequestLogSettings slow = settings(1.0, 1000, 10, Duration.ofHours(1));
    RequestLog log =
        new RequestLog(
            slow,
            batch -> {
              sizes.add(batch.size());
              copy().write(batch);
            },
            registry,
            Math::random);
    log.start();
    UUID store = UUID.randomUUID();
    IntStream.range(0, 25).forEach(i -> log.offer(RequestLogMaster.request(store, NOW, i)));
    // Two full batches go at once; the five left wait for the hour-long interval...
    await().atMost(Duration.ofSeconds(30)).until(() -> sizes.size() == 2);
    assertThat(sizes).containsExactly(10, 10);
    assertThat(log.queued() + 0).isLessThanOrEqualTo(5);
    // ...until the shutdown writes them.
    log.close();
    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(master.rows()).isEqualTo(25);
  }

  @Test
  void aFailedBatchIsCountedAndTheWriterGoesOn() {
    MeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger calls = new AtomicInteger();
    RequestLog.BatchWriter failsOnce =
        batch -> {
          if (calls.getAndIncrement() == 0) {
            throw new SQLException("the master is away", "08006");
          }
          copy().write(batch);
        };
    UUID store = UUID.randomUUID();
    // Batches go only when full (or at the shutdown): the first is exactly the first five.
    try (RequestLog log =
        new RequestLog(
            settings(1.0, 100, 5, Duration.ofHours(1)), failsOnce, registry, Math::random)) {
      log.start();
      IntStream.range(0, 5).forEach(i -> log.offer(RequestLogMaster.request(store, NOW, i)));
      await().atMost(Duration.ofSeconds(30)).until(() -> count(registry, "batch-failures") == 1);
      IntStream.range(5, 8).forEach(i -> log.offer(RequestLogMaster.request(store, NOW, i)));
    }
    assertThat(count(registry, "failed")).isEqualTo(5);
    assertThat(count(registry, "written")).isEqualTo(3);
    assertThat(master.rows()).isEqualTo(3);
  }

  @Test
  void aDayWithoutPartitionGetsOneOnDemand() throws Exception {
    Instant nextWeek = NOW.plus(Duration.ofDays(9));
    assertThat(master.table.partitions()).containsExactly(LocalDate.of(2026, 12, 5));
    int written =
        master.table.write(
            List.of(
                RequestLogMaster.request(UUID.randomUUID(), NOW, 1),
                RequestLogMaster.request(UUID.randomUUID(), nextWeek, 2)),
            RequestLogTable.Method.COPY);
    assertThat(written).isEqualTo(2);
    assertThat(master.table.partitions())
        .containsExactly(LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 14));
    assertThat(
            master.count(
                "SELECT count(*) FROM "
                    + RequestLogTable.partitionName(LocalDate.of(2026, 12, 14))))
        .isEqualTo(1);
  }

  @Test
  void copyAndInsertStoreTheSameRowsAndCleanWhatAColumnCannotHold() throws Exception {
    UUID store = UUID.randomUUID();
    String agent = "tab\there, new\nline, back\\slash, nul\0, \\N, ünï😀" + "x".repeat(400);
    StoreRequest odd =
        new StoreRequest(
            store,
            true,
            "PATCH",
            "/api/v1/stores/{id}/data/{table}/{rowId}",
            422,
            "validation-failed",
            987_654_321,
            NOW,
            "2001:db8::1",
            agent,
            "req-odd");
    StoreRequest plain = RequestLogMaster.request(store, NOW.plusSeconds(1), 7);

    master.table.write(List.of(odd, plain), RequestLogTable.Method.COPY);
    List<Map<String, String>> copied = master.read();
    master.table.dropPartitions(master.table.partitions());
    master.table.write(List.of(odd, plain), RequestLogTable.Method.INSERT);
    List<Map<String, String>> inserted = master.read();

    assertThat(copied).hasSize(2).isEqualTo(inserted);
    Map<String, String> row = copied.get(0);
    assertThat(row)
        .containsEntry("occurred_at", "2026-12-05T10:15:30.123456Z")
        .containsEntry("store_id", store.toString())
        .containsEntry("platform_caller", "t")
        .containsEntry("method", "PATCH")
        .containsEntry("endpoint", "/api/v1/stores/{id}/data/{table}/{rowId}")
        .containsEntry("status_code", "422")
        .containsEntry("duration_us", "987654")
        .containsEntry("error_code", "validation-failed")
        .containsEntry("client_address", "2001:db8::1")
        .containsEntry("request_id", "req-odd");
    assertThat(row.get("user_agent"))
        .startsWith("tab here, new line, back\\slash, nul , \\N, ünï😀x")
        .hasSize(256);
    assertThat(copied.get(1))
        .containsEntry("error_code", null)
        .containsEntry("platform_caller", "f");
  }

  @Test
  void badSettingsNameTheirKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(1.5, 10, 10))
        .hasMessage("storeplane.request-log.sample-rate must be between 0 and 1, not 1.5");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(1, 0, 10))
        .hasMessage("storeplane.request-log.queue-capacity must be at least 1, not 0");
  }
}
