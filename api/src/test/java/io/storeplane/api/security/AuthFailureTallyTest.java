package io.storeplane.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.api.security.AuthFailureTally.Counts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthFailureTallyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AuthFailureTally tally = new AuthFailureTally(Duration.ofMinutes(1), 3);

  @Test
  void oneRowPerAddressPerWindowWithTheCounts() {
    for (int i = 0; i < 500; i++) {
      tally.failed("10.0.0.1", T0.plusMillis(i));
    }
    tally.refused("10.0.0.1", T0.plusSeconds(30));
    tally.failed("10.0.0.2", T0.plusSeconds(59));

    assertThat(tally.closed(T0.plusSeconds(59))).as("the window is still open").isEmpty();
    List<Counts> rows = tally.closed(T0.plusSeconds(60));
    assertThat(rows)
        .containsExactlyInAnyOrder(
            new Counts("10.0.0.1", T0, T0.plusSeconds(60), 500, 1),
            new Counts("10.0.0.2", T0, T0.plusSeconds(60), 1, 0));
    assertThat(tally.closed(T0.plusSeconds(200))).as("each window is handed out once").isEmpty();
  }

  @Test
  void windowsAreAlignedAndCountedApart() {
    tally.failed("10.0.0.1", T0.plusSeconds(50));
    tally.failed("10.0.0.1", T0.plusSeconds(70));
    tally.failed("10.0.0.1", T0.plusSeconds(71));

    assertThat(tally.closed(T0.plusSeconds(130)))
        .containsExactly(
            new Counts("10.0.0.1", T0, T0.plusSeconds(60), 1, 0),
            new Counts("10.0.0.1", T0.plusSeconds(60), T0.plusSeconds(120), 2, 0));
  }

  @Test
  void addressesBeyondTheLimitAreSummedInOneRowSoMemoryAndRowsStayBounded() {
    for (int i = 0; i < 100_000; i++) {
      tally.failed("10.1." + (i / 256) + "." + (i % 256), T0.plusMillis(i % 60_000));
    }
    List<Counts> rows = tally.closed(T0.plusSeconds(60));
    assertThat(rows).hasSize(4);
    assertThat(rows.stream().filter(row -> row.address() == null))
        .singleElement()
        .satisfies(others -> assertThat(others.failures()).isEqualTo(100_000 - 3));
  }

  @Test
  void everythingIsHandedOutAtTheEnd() {
    tally.failed("10.0.0.1", T0.plusSeconds(10));
    assertThat(tally.drain()).containsExactly(new Counts("10.0.0.1", T0, T0.plusSeconds(60), 1, 0));
    assertThat(tally.drain()).isEmpty();
  }
}
