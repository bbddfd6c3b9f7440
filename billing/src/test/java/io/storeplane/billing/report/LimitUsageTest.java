package io.storeplane.billing.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.master.plan.LimitMode;
import org.junit.jupiter.api.Test;

class LimitUsageTest {

  @Test
  void flagsFromEightyPercentExactly() {
    assertThat(LimitUsage.of("products", 1000L, 799, LimitMode.HARD).nearLimit()).isFalse();
    assertThat(LimitUsage.of("products", 1000L, 800, LimitMode.HARD).nearLimit()).isTrue();
    assertThat(LimitUsage.of("products", 1000L, 1200, LimitMode.SOFT).nearLimit()).isTrue();
    // 80 % of 7 is 5.6: 5 is below it, 6 above
    assertThat(LimitUsage.of("products", 7L, 5, LimitMode.HARD).nearLimit()).isFalse();
    assertThat(LimitUsage.of("products", 7L, 6, LimitMode.HARD).nearLimit()).isTrue();
  }

  @Test
  void percentHasOneDecimal() {
    assertThat(LimitUsage.of("storageMb", 3L, 1, LimitMode.HARD).percent()).isEqualTo(33.3);
    assertThat(LimitUsage.of("storageMb", 3L, 2, LimitMode.HARD).percent()).isEqualTo(66.7);
    assertThat(LimitUsage.of("storageMb", 500L, 400, LimitMode.HARD).percent()).isEqualTo(80.0);
  }

  @Test
  void anUnlimitedPlanNeverFlagsAndAZeroLimitAlwaysDoes() {
    LimitUsage unlimited = LimitUsage.of("apiCallsPerDay", null, 1_000_000, LimitMode.HARD);
    assertThat(unlimited.limit()).isNull();
    assertThat(unlimited.percent()).isNull();
    assertThat(unlimited.nearLimit()).isFalse();
    LimitUsage zero = LimitUsage.of("apiCallsPerDay", 0L, 0, LimitMode.HARD);
    assertThat(zero.percent()).isNull();
    assertThat(zero.nearLimit()).isTrue();
    assertThat(zero.mode()).isEqualTo(LimitMode.HARD);
  }
}
