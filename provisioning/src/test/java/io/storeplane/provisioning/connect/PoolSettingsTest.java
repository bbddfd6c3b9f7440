package io.storeplane.provisioning.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings are validated once, and a bad value names its key. */
class PoolSettingsTest {

  @Test
  void theDefaultsAreValid() {
    PoolSettings settings = PoolSettings.builder().build();

    assertThat(settings.budget()).isEqualTo(60);
    assertThat(settings.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.socketTimeout())
        .as("query + connect + 1 s")
        .isEqualTo(Duration.ofSeconds(14));
  }

  @Test
  void aPoolLargerThanTheBudgetIsRefused() {
    assertThatThrownBy(() -> PoolSettings.builder().budget(4).maxPoolSize(5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storeplane.pools.max-pool-size");
  }

  @Test
  void aConnectTimeoutBelowHikariCpsMinimumIsRefused() {
    assertThatThrownBy(() -> PoolSettings.builder().connectTimeout(Duration.ofMillis(100)).build())
        .hasMessageContaining("storeplane.pools.connect-timeout")
        .hasMessageContaining("250ms");
  }

  @Test
  void aQueryTimeoutInFractionsOfASecondIsRefused() {
    assertThatThrownBy(() -> PoolSettings.builder().queryTimeout(Duration.ofMillis(1500)).build())
        .hasMessageContaining("storeplane.pools.query-timeout");
  }

  @Test
  void zeroIntervalsTurnBackgroundWorkOff() {
    PoolSettings settings =
        PoolSettings.builder()
            .maintenanceInterval(Duration.ZERO)
            .versionCheckInterval(Duration.ZERO)
            .build();

    assertThat(settings.maintenanceInterval()).isZero();
  }
}
