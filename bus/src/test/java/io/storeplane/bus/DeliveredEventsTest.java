package io.storeplane.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The memory of delivered sequence numbers: once each, forgotten after its window or its size. */
class DeliveredEventsTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void aNumberIsDeliveredOnceWithinTheWindow() {
    DeliveredEvents delivered = new DeliveredEvents(Duration.ofSeconds(10));

    assertThat(delivered.firstDelivery(7, 0)).isTrue();
    assertThat(delivered.firstDelivery(7, 9 * SECOND)).isFalse();
    assertThat(delivered.firstDelivery(8, 9 * SECOND)).isTrue();
  }

  @Test
  void aNumberIsForgottenAfterTheWindow() {
    DeliveredEvents delivered = new DeliveredEvents(Duration.ofSeconds(10));
    delivered.firstDelivery(7, 0);

    assertThat(delivered.firstDelivery(8, 11 * SECOND)).isTrue();
    assertThat(delivered.size()).isEqualTo(1);
  }

  @Test
  void theMemoryIsBounded() {
    DeliveredEvents delivered = new DeliveredEvents(Duration.ofHours(1));
    for (long seq = 0; seq < DeliveredEvents.MAX_ENTRIES + 10; seq++) {
      delivered.firstDelivery(seq, 0);
    }

    assertThat(delivered.size()).isEqualTo(DeliveredEvents.MAX_ENTRIES);
    assertThat(delivered.firstDelivery(0, 0)).isTrue();
  }
}
