package io.storeplane.provisioning.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.storeplane.jobs.runtime.JobsConfig;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.supabase.CallRetryPolicy;
import io.storeplane.provisioning.supabase.SupabaseConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each default is written once: the typed configuration with nothing set gives what the
 * framework-free code uses by default, and the defaults are visible to expressions that name a key
 * without a fallback of their own (the workers' {@code @Scheduled} poll). Durations convert as in
 * the application (Quarkus's converter: {@code 2s} and ISO-8601 alike).
 */
class ConfigDefaultsTest {

  private static final SmallRyeConfig EMPTY =
      new SmallRyeConfigBuilder()
          .withConverter(Duration.class, 100, new DurationConverter())
          .withMapping(PoolsConfig.class)
          .withMapping(SupabaseConfig.class)
          .withMapping(ProvisioningConfig.class)
          .withMapping(JobsConfig.class)
          .build();

  @Test
  void poolsConfigWithNothingSetIsTheBuildersDefaults() {
    PoolSettings fromConfig = EMPTY.getConfigMapping(PoolsConfig.class).settings();

    assertThat(fromConfig).isEqualTo(PoolSettings.builder().build());
    assertThat(fromConfig.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(fromConfig.versionCheckInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void supabaseConfigWithNothingSetIsTheDefaultRetryPolicy() {
    CallRetryPolicy fromConfig = EMPTY.getConfigMapping(SupabaseConfig.class).retryPolicy();

    assertThat(fromConfig).isEqualTo(CallRetryPolicy.DEFAULT);
    assertThat(fromConfig.initialBackoff()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void provisioningDefaultsAreVisibleToConfigExpressions() {
    assertThat(EMPTY.getValue("storeplane.jobs.worker.poll-interval", Duration.class))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(EMPTY.getConfigMapping(ProvisioningConfig.class).retry().maxAttempts()).isEqualTo(5);
  }

  @Test
  void theWarmPoolKeepsAHandfulPerServerByDefault() {
    ProvisioningConfig.WarmPool pool = EMPTY.getConfigMapping(ProvisioningConfig.class).warmPool();

    assertThat(pool.size()).isEqualTo(4);
    assertThat(pool.refillInterval()).isEqualTo(Duration.ofSeconds(30));
  }
}
