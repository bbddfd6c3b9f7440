package io.storeplane.billing.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The instants a rollup counts between, and the units it writes storage in. */
class UsageDayTest {

  @Test
  void aDayIsItsUtcMidnightsAndItsMonthStartsOnTheFirst() {
    UsageDay day = new UsageDay(LocalDate.parse("2026-03-01"));

    assertThat(day.start()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(day.end()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(day.monthStart()).isEqualTo(day.start());
    assertThat(new UsageDay(LocalDate.parse("2026-12-31")).monthStart())
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void theScheduleRollsUpTheUtcDayBeforeItsTick() {
    assertThat(UsageDay.before(Instant.parse("2026-12-05T00:15:00Z")).date())
        .isEqualTo(LocalDate.parse("2026-12-04"));
    assertThat(UsageDay.before(Instant.parse("2026-01-01T00:00:00Z")).date())
        .isEqualTo(LocalDate.parse("2025-12-31"));
  }

  @Test
  void storageIsDatabaseAndMediaBytesInWholeMebibytesRoundedDown() {
    assertThat(usage(0, 0).storageMb()).isZero();
    assertThat(usage(1, 0).storageMb()).isZero();
    assertThat(usage(1024 * 1024 - 11, 10).storageMb()).isZero();
    assertThat(usage(1024 * 1024 - 10, 10).storageMb()).isOne();
    assertThat(usage(1024 * 1024, 1).storageMb()).isOne();
    assertThat(usage(2 * 1024 * 1024, 0).storageMb()).isEqualTo(2);
    assertThat(usage(7, 5).storageBytes()).isEqualTo(12);
  }

  @Test
  void theSummarySaysWhatCouldNotBeCounted() {
    StoreUsage partial = new StoreUsage(3, 1, 0, 0, false, 2, new BigDecimal("9.50"), 4, 0, 100);

    assertThat(partial.summary())
        .startsWith("3 products (1 created, 0 updated, 0 deleted), 2 orders worth 9.50")
        .contains("deletions not counted");
    assertThat(usage(1, 1).summary()).doesNotContain("not");
  }

  private static StoreUsage usage(long databaseBytes, long mediaBytes) {
    return new StoreUsage(0, 0, 0, 0, true, 0, BigDecimal.ZERO, 0, databaseBytes, mediaBytes);
  }
}
