package io.storeplane.billing.metering;

import static io.storeplane.billing.metering.Requests.answered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.billing.BillingError;
import io.storeplane.billing.BillingException;
import io.storeplane.testing.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The daily API quota against a real master database. */
class ApiQuotaTest {

  private static final Instant EVENING = Instant.parse("2026-03-10T20:00:00Z");

  private static MasterForMetering master;

  @BeforeAll
  static void master() {
    master = new MasterForMetering("meterquota");
  }

  @AfterAll
  static void drop() {
    master.close();
  }

  /** One instance: its meter, flusher and quota, as the application wires them. */
  private record Instance(UsageMeter meter, UsageFlusher flusher, ApiQuota quota) {

    static Instance of(Duration cacheAge) {
      SettableClock clock = new SettableClock(EVENING);
      UsageMeter meter = new UsageMeter(true);
      return new Instance(
          meter,
          new UsageFlusher(
              meter, master.dataSource, clock, new SimpleMeterRegistry(), "quota-test"),
          new ApiQuota(meter, master.dataSource, clock, cacheAge));
    }

    /** A call with the store's token: admitted and answered 200, or refused (false). */
    boolean call(UUID store) {
      try {
        quota.admit(store);
      } catch (BillingException refused) {
        meter.observed(answered(store, 429, refused.code().code(), 1, EVENING));
        return false;
      }
      meter.observed(answered(store, 200, 1, EVENING));
      return true;
    }
  }

  @Test
  void oneInstanceAdmitsExactlyTheQuotaThenRefusesUntilMidnightUtc() {
    UUID store = master.stores(1, master.plan(5, "HARD")).get(0);
    Instance instance = Instance.of(Duration.ofHours(1));

    for (int i = 0; i < 5; i++) {
      assertThat(instance.call(store)).as("call %d", i + 1).isTrue();
    }
    assertThatThrownBy(() -> instance.quota().admit(store))
        .isInstanceOfSatisfying(
            BillingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(BillingError.API_QUOTA_EXCEEDED);
              assertThat(e.retryAfter()).contains(Duration.ofHours(4));
              assertThat(e.detail()).contains("5 calls", "2026-03-10");
            });
    assertThat(instance.call(store)).isFalse();
    instance.flusher().flush();
    assertThat(master.apiCalls(store, EVENING.atZone(java.time.ZoneOffset.UTC).toLocalDate()))
        .as("refused calls are not counted")
        .isEqualTo(5);
  }

  /** Flushes between calls, with the cached row read before or after them, never change the sum. */
  @Test
  void flushesBetweenCallsNeitherHideNorDoubleCountThem() {
    for (Duration cacheAge : new Duration[] {Duration.ofHours(1), Duration.ZERO}) {
      UUID store = master.stores(1, master.plan(6, "HARD")).get(0);
      Instance instance = Instance.of(cacheAge);
      for (int i = 0; i < 6; i++) {
        assertThat(instance.call(store)).as("call %d, cache %s", i + 1, cacheAge).isTrue();
        if (i % 2 == 0) {
          assertThat(instance.flusher().flush().succeeded()).isTrue();
        }
      }
      assertThat(instance.call(store)).as("call 7, cache %s", cacheAge).isFalse();
    }
  }

  @Test
  void aSoftQuotaAndNoQuotaNeverRefuse() {
    UUID soft = master.stores(1, master.plan(2, "SOFT")).get(0);
    UUID unlimited = master.stores(1, master.plan(null, "HARD")).get(0);
    Instance instance = Instance.of(Duration.ZERO);
    for (int i = 0; i < 5; i++) {
      assertThat(instance.call(soft)).isTrue();
      assertThat(instance.call(unlimited)).isTrue();
    }
    instance.flusher().flush();
    assertThat(master.apiCalls(soft, EVENING.atZone(java.time.ZoneOffset.UTC).toLocalDate()))
        .isEqualTo(5);
  }

  /**
   * Two instances taking turns, each flushing after every {@code k} of its calls and reading the
   * master on every call: together they pass the quota by at most what the other one has not
   * flushed, k (docs/usage.md: (N - 1) x the calls one instance takes between two flushes).
   */
  @Test
  void twoInstancesPassTheQuotaByAtMostWhatOneTakesBetweenFlushes() {
    int quota = 20;
    int k = 3;
    UUID store = master.stores(1, master.plan(quota, "HARD")).get(0);
    Instance[] instances = {Instance.of(Duration.ZERO), Instance.of(Duration.ZERO)};
    int[] sinceFlush = new int[2];
    int admitted = 0;
    int refusedInARow = 0;
    for (int turn = 0; refusedInARow < 4; turn++) {
      int i = turn % 2;
      if (instances[i].call(store)) {
        admitted++;
        refusedInARow = 0;
        if (++sinceFlush[i] == k) {
          assertThat(instances[i].flusher().flush().succeeded()).isTrue();
          sinceFlush[i] = 0;
        }
      } else {
        refusedInARow++;
      }
    }
    instances[0].flusher().flush();
    instances[1].flusher().flush();

    assertThat(admitted).isBetween(quota, quota + k);
    assertThat(master.apiCalls(store, EVENING.atZone(java.time.ZoneOffset.UTC).toLocalDate()))
        .isEqualTo(admitted);
  }
}
