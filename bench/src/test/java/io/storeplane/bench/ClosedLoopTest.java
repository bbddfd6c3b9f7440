package io.storeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

  @Test
  void everyItemIsWorkedOnceAndTimedAndEveryClientIsClosed() throws Exception {
    ConcurrentLinkedQueue<Integer> worked = new ConcurrentLinkedQueue<>();
    AtomicInteger made = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();

    ClosedLoop.Batch batch =
        ClosedLoop.run(
            3,
            10,
            () -> {
              made.incrementAndGet();
              return new ClosedLoop.Client() {
                @Override
                public void run(int item) {
                  worked.add(item);
                }

                @Override
                public void close() {
                  closed.incrementAndGet();
                }
              };
            });

    assertThat(worked).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(batch.latencies().count()).isEqualTo(10);
    assertThat(batch.seconds()).isPositive();
    assertThat(made).hasValue(3);
    assertThat(closed).hasValue(3);
  }

  @Test
  void aFailureEndsTheBatchAndIsThrown() {
    ConcurrentLinkedQueue<Integer> worked = new ConcurrentLinkedQueue<>();

    assertThatThrownBy(
            () ->
                ClosedLoop.run(
                    1,
                    10,
                    () ->
                        item -> {
                          if (item == 3) {
                            throw new IllegalStateException("item 3 failed");
                          }
                          worked.add(item);
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("item 3 failed");
    assertThat(List.copyOf(worked)).containsExactly(0, 1, 2);
  }
}
