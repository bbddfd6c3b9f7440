package io.storeplane.provisioning.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.testing.time.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a hand-moved clock. */
class CircuitBreakerTest {

  private final SettableClock clock = new SettableClock();
  private final List<BreakerState> transitions = new ArrayList<>();
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          "store-acme",
          new RouteStamp(1, 2, "ACTIVE"),
          3,
          Duration.ofSeconds(30),
          clock,
          (pool, state) -> transitions.add(state));

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    fail(2);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    breaker.onSuccess(breaker.acquire());
    fail(2);
    assertThat(breaker.state()).as("a success resets the count").isEqualTo(BreakerState.CLOSED);

    fail(1);

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(transitions).containsExactly(BreakerState.OPEN);
  }

  @Test
  void whileOpenCallsFailAtOnceNamingThePoolAndTheLastFailure() {
    fail(3);

    ProvisioningException e = catchThrowableOfType(ProvisioningException.class, breaker::acquire);

    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    assertThat(e.getMessage())
        .contains("store-acme")
        .contains("3 consecutive failures")
        .contains("connection refused")
        .contains("2026-01-01T00:00:30Z");
  }

  @Test
  void afterTheCoolDownOneTrialGoesThroughAndItsSuccessCloses() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));

    CircuitBreaker.Permit trial = breaker.acquire();

    assertThat(trial).isEqualTo(CircuitBreaker.Permit.TRIAL);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(catchThrowableOfType(ProvisioningException.class, breaker::acquire).getMessage())
        .contains("a trial call is deciding");

    breaker.onSuccess(trial);

    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.status().consecutiveFailures()).isZero();
    assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.Permit.CALL);
    assertThat(transitions)
        .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
  }

  @Test
  void aFailedTrialOpensForAnotherCoolDown() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));

    breaker.onFailure(breaker.acquire(), "still refused");

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.status().openUntil()).contains(clock.instant().plusSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(catchThrowableOfType(ProvisioningException.class, breaker::acquire)).isNotNull();
  }

  @Test
  void aTrialEndingWithoutAVerdictLetsTheNextCallerTry() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));

    breaker.onIgnored(breaker.acquire());

    assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.Permit.TRIAL);
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.onFailure(breaker.acquire(), "PSQLException [08001]: connection refused");
    }
  }
}
