package io.storeplane.provisioning.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.jobs.RetryPolicy;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.provider.DatabaseFailures;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      RetryPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(10), 5);

  @Test
  void transientFailuresBackOffExponentiallyUpToTheCapAndTheLimit() {
    ProvisioningException unreachable =
        new ProvisioningException(ProvisioningError.DATABASE_UNREACHABLE, "refused");
    assertThat(policy.retryAfter(1, unreachable)).contains(Duration.ofSeconds(2));
    assertThat(policy.retryAfter(2, unreachable)).contains(Duration.ofSeconds(4));
    assertThat(policy.retryAfter(3, unreachable)).contains(Duration.ofSeconds(8));
    assertThat(policy.retryAfter(4, unreachable)).contains(Duration.ofSeconds(10));
    assertThat(policy.retryAfter(5, unreachable)).isEmpty();
  }

  @Test
  void permanentFailuresNeverRetry() {
    for (ProvisioningError code :
        new ProvisioningError[] {
          ProvisioningError.DATABASE_AUTHENTICATION_FAILED,
          ProvisioningError.SCHEMA_CLASH,
          ProvisioningError.DATABASE_HOST_DENIED,
          ProvisioningError.DATABASE_NOT_FOUND
        }) {
      assertThat(policy.retryAfter(1, new ProvisioningException(code, "no")))
          .as(code.name())
          .isEmpty();
    }
  }

  @Test
  void driverFailuresAreClassified() {
    assertThat(
            DatabaseFailures.translate(
                    "Connecting", new SQLException("password authentication failed", "28P01"))
                .code())
        .isEqualTo(ProvisioningError.DATABASE_AUTHENTICATION_FAILED);
    assertThat(
            DatabaseFailures.translate(
                    "Connecting", new SQLException("refused", "08001", new ConnectException()))
                .code())
        .isEqualTo(ProvisioningError.DATABASE_UNREACHABLE);
    assertThat(
            DatabaseFailures.translate("Connecting", new SQLException("no such db", "3D000"))
                .code())
        .isEqualTo(ProvisioningError.DATABASE_NOT_FOUND);
    assertThat(
            DatabaseFailures.translate("Connecting", new SQLException("too many", "53300")).code())
        .isEqualTo(ProvisioningError.DATABASE_UNREACHABLE);
  }

  @Test
  void progressRisesStepByStepTo100() {
    int previous = 0;
    for (Step step : Step.values()) {
      assertThat(step.progressBefore()).isEqualTo(previous);
      assertThat(step.progressWhenDone()).isGreaterThan(previous);
      previous = step.progressWhenDone();
    }
    assertThat(previous).isEqualTo(100);
  }
}
