package io.storeplane.billing.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.testing.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Partitions appear ahead and are dropped past the retention as a settable clock moves, on a real
 * master database; a day is dropped only once all of it is older than the retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLogPartitionsTest {

  private static final Duration THIRTY_DAYS = Duration.ofDays(30);

  private final RequestLogMaster master = new RequestLogMaster("reqlogparts");
  private final RequestLogPartitions partitions = new RequestLogPartitions(master.table);

  @AfterAll
  void drop() {
    master.close();
  }

  private static List<LocalDate> days(LocalDate first, LocalDate last) {
    return Stream.iterate(first, day -> !day.isAfter(last), day -> day.plusDays(1)).toList();
  }

  @Test
  void partitionsAppearAheadAndGoPastTheRetentionAsTheClockMoves() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T09:00:00Z"));
    LocalDate jan1 = LocalDate.of(2026, 1, 1);

    RequestLogPartitions.Maintenance first = partitions.maintain(clock.instant(), 7, THIRTY_DAYS);
    assertThat(first.created()).isEqualTo(days(jan1, jan1.plusDays(7)));
    assertThat(first.dropped()).isEmpty();
    assertThat(master.table.partitions()).isEqualTo(days(jan1, jan1.plusDays(7)));
    // Run again the same day: nothing to do.
    RequestLogPartitions.Maintenance again = partitions.maintain(clock.instant(), 7, THIRTY_DAYS);
    assertThat(again.created()).isEmpty();
    assertThat(again.dropped()).isEmpty();

    // A row on 1 January, then a maintenance every four days for 40 days.
    master.table.write(
        List.of(RequestLogMaster.request(UUID.randomUUID(), clock.instant(), 1)),
        RequestLogTable.Method.COPY);
    for (int day = 4; day <= 40; day += 4) {
      clock.advance(Duration.ofDays(4));
      partitions.maintain(clock.instant(), 7, THIRTY_DAYS);
      LocalDate today = RequestLogTable.dayOf(clock.instant());
      LocalDate oldest = RequestLogTable.dayOf(clock.instant().minus(THIRTY_DAYS));
      LocalDate expectedFirst = oldest.isAfter(jan1) ? oldest : jan1;
      assertThat(master.table.partitions())
          .as("on %s", today)
          .isEqualTo(days(expectedFirst, today.plusDays(7)));
    }
    // 10 February 09:00: 30 days back is 11 January 09:00, so 10 January and before are gone,
    // with 1 January's row.
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-02-10T09:00:00Z"));
    assertThat(master.table.partitions().get(0)).isEqualTo(LocalDate.of(2026, 1, 11));
    assertThat(master.rows()).isZero();
  }

  @Test
  void aDayIsDroppedOnlyWhenAllOfItIsPastTheRetention() throws Exception {
    LocalDate day = LocalDate.of(2026, 3, 1);
    master.table.ensurePartition(day);
    master.table.write(
        List.of(
            RequestLogMaster.request(
                UUID.randomUUID(), Instant.parse("2026-03-01T23:59:59.999999Z"), 1)),
        RequestLogTable.Method.COPY);

    // The day's last row is 30 days old at 31 March 23:59:59.999999; the day ends at 2 March
    // 00:00, which is 30 days before 1 April 00:00.
    SettableClock clock = new SettableClock(Instant.parse("2026-03-31T23:59:59Z"));
    assertThat(partitions.dropExpired(clock.instant(), THIRTY_DAYS)).doesNotContain(day);
    assertThat(master.table.partitions()).contains(day);

    clock.advance(Duration.ofSeconds(1));
    assertThat(partitions.dropExpired(clock.instant(), THIRTY_DAYS)).contains(day);
    assertThat(master.table.partitions()).doesNotContain(day);
  }

  @Test
  void theRetentionBoundIsTheDayOfNowMinusTheRetention() {
    assertThat(RequestLogPartitions.oldestKept(Instant.parse("2026-12-05T10:00:00Z"), THIRTY_DAYS))
        .isEqualTo(LocalDate.of(2026, 11, 5));
    assertThat(
            RequestLogPartitions.oldestKept(
                Instant.parse("2026-12-05T00:00:00Z"), Duration.ofDays(1)))
        .isEqualTo(LocalDate.of(2026, 12, 4));
  }

  @Test
  void onlyPartitionsOfTheLogAreRead() throws Exception {
    assertThat(RequestLogTable.dayOf("api_usage_logs_p20261205"))
        .hasValue(LocalDate.of(2026, 12, 5));
    assertThat(RequestLogTable.dayOf("api_usage_logs_p20261399")).isEmpty();
    assertThat(RequestLogTable.dayOf("api_usage_logs_old")).isEmpty();
    assertThat(RequestLogTable.partitionName(LocalDate.of(2026, 1, 2)))
        .isEqualTo("api_usage_logs_p20260102");
  }
}
