package io.storeplane.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private final AtomicLong now = new AtomicLong();

  @Test
  void aFloodFromManyKeysKeepsTheTableWithinItsBound() {
    TokenBuckets buckets = new TokenBuckets(1, 5, 1_000, now::get);
    for (int i = 0; i < 100_000; i++) {
      buckets.tryAcquire("ip:10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(buckets.size()).isLessThanOrEqualTo(1_000);
  }

  @Test
  void bucketsThatRefilledAreForgotten() {
    TokenBuckets buckets = new TokenBuckets(1, 2, 1_000, now::get);
    buckets.tryAcquire("a");
    buckets.tryAcquire("b");
    now.addAndGet(3_000_000_000L); // both are full again after 2 s
    buckets.tryAcquire("c");
    assertThat(buckets.size()).isEqualTo(1);
  }

  @Test
  void aRefundGivesBackOneRequestUpToTheBurst() {
    TokenBuckets buckets = new TokenBuckets(0.001, 2, 1_000, now::get);
    buckets.refund("a"); // no bucket yet: nothing to give back, nothing created
    assertThat(buckets.size()).isZero();
    assertThat(buckets.tryAcquire("a")).isZero();
    assertThat(buckets.tryAcquire("a")).isZero();
    assertThat(buckets.tryAcquire("a")).isPositive();
    buckets.refund("a");
    assertThat(buckets.tryAcquire("a")).isZero();
    assertThat(buckets.tryAcquire("a")).isPositive();
    buckets.refund("a");
    buckets.refund("a");
    buckets.refund("a");
    assertThat(buckets.tryAcquire("a")).isZero();
    assertThat(buckets.tryAcquire("a")).isZero();
    assertThat(buckets.tryAcquire("a")).as("never more than the burst").isPositive();
  }
}
