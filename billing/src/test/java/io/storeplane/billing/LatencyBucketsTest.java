package io.storeplane.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.billing.metering.LatencyBuckets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  private static long millis(double ms) {
    return (long) (ms * TimeUnit.MILLISECONDS.toNanos(1));
  }

  @Test
  void aDurationFallsInTheFirstBucketWhoseBoundHoldsIt() {
    assertThat(LatencyBuckets.of(0)).isZero();
    assertThat(LatencyBuckets.of(millis(1))).isZero();
    assertThat(LatencyBuckets.of(millis(1.01))).isEqualTo(1);
    assertThat(LatencyBuckets.upperMillis(LatencyBuckets.of(millis(42)))).isEqualTo(50);
    assertThat(LatencyBuckets.of(millis(60_000))).isEqualTo(LatencyBuckets.COUNT - 1);
  }

  @Test
  void percentilesAreTheBoundOfTheBucketTheRankFallsIn() {
    long[] counts = new long[LatencyBuckets.COUNT];
    counts[LatencyBuckets.of(millis(3))] = 90; // bucket up to 5 ms
    counts[LatencyBuckets.of(millis(80))] = 9; // up to 100 ms
    counts[LatencyBuckets.of(millis(700))] = 1; // up to 1,000 ms
    assertThat(LatencyBuckets.percentileMillis(counts, 0.5)).isEqualTo(5);
    assertThat(LatencyBuckets.percentileMillis(counts, 0.9)).isEqualTo(5);
    assertThat(LatencyBuckets.percentileMillis(counts, 0.95)).isEqualTo(100);
    assertThat(LatencyBuckets.percentileMillis(counts, 0.99)).isEqualTo(100);
    assertThat(LatencyBuckets.percentileMillis(counts, 1.0)).isEqualTo(1_000);
  }

  @Test
  void twoInstancesHistogramsAddBucketByBucket() {
    long[] one = new long[LatencyBuckets.COUNT];
    long[] two = new long[LatencyBuckets.COUNT];
    one[LatencyBuckets.of(millis(2))] = 10;
    two[LatencyBuckets.of(millis(2))] = 10;
    two[LatencyBuckets.of(millis(400))] = 20;
    long[] sum = new long[LatencyBuckets.COUNT];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = one[i] + two[i];
    }
    assertThat(LatencyBuckets.percentileMillis(sum, 0.5)).isEqualTo(2);
    assertThat(LatencyBuckets.percentileMillis(sum, 0.75)).isEqualTo(500);
  }

  @Test
  void anEmptyHistogramHasNoLatencyAndABadQuantileIsRefused() {
    assertThat(LatencyBuckets.percentileMillis(new long[0], 0.99)).isZero();
    assertThatThrownBy(() -> LatencyBuckets.percentileMillis(new long[1], 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
