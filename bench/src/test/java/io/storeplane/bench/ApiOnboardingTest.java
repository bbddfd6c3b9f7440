package io.storeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiOnboardingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aStoreClonedOnItsSecondAttemptCountsAsClonedWithTheJobsOwnTime() throws Exception {
    ApiOnboarding.Onboarded store =
        ApiOnboarding.Onboarded.of(
            "s1",
            "spbench-1a2b-00001",
            JSON.readTree(
                """
                {"status": "succeeded", "attempt": 2,
                 "startedAt": "2026-11-22T09:00:00.100Z", "finishedAt": "2026-11-22T09:00:01.350Z",
                 "steps": [
                   {"step": "create-database", "attempt": 1, "status": "failed",
                    "message": "Step create-database failed: too many clients",
                    "startedAt": "2026-11-22T09:00:00.100Z",
                    "finishedAt": "2026-11-22T09:00:00.200Z"},
                   {"step": "create-database", "attempt": 2, "status": "succeeded",
                    "message": "Cloned from template sp_template_v2: database sp_x and its login",
                    "startedAt": "2026-11-22T09:00:00.900Z",
                    "finishedAt": "2026-11-22T09:00:01.000Z"},
                   {"step": "apply-schema", "attempt": 2, "status": "succeeded",
                    "message": "Schema cloned from the template",
                    "startedAt": "2026-11-22T09:00:01.000Z",
                    "finishedAt": "2026-11-22T09:00:01.350Z"}]}
                """));

    assertThat(store.cloned()).isTrue();
    assertThat(store.attempts()).isEqualTo(2);
    assertThat(store.job()).isEqualTo(Duration.ofMillis(1250));
    assertThat(store.steps())
        .containsExactly(
            entry("create-database", Duration.ofMillis(100)),
            entry("apply-schema", Duration.ofMillis(350)));
  }

  @Test
  void aStoreCreatedEmptyIsTheFlywayPath() throws Exception {
    ApiOnboarding.Onboarded store =
        ApiOnboarding.Onboarded.of(
            "s2",
            "spbench-1a2b-00002",
            JSON.readTree(
                """
                {"status": "succeeded", "attempt": 1,
                 "startedAt": "2026-11-22T09:00:00Z", "finishedAt": "2026-11-22T09:00:00.5Z",
                 "steps": [{"step": "create-database", "attempt": 1, "status": "succeeded",
                            "message": "Created database sp_y and its login on 'default-mysql'"}]}
                """));

    assertThat(store.cloned()).isFalse();
    assertThat(store.primed()).isFalse();
    assertThat(store.attempts()).isEqualTo(1);
  }

  @Test
  void aStoreSeededOverItsPrimedConnectionCountsAsPrimed() throws Exception {
    ApiOnboarding.Onboarded store =
        ApiOnboarding.Onboarded.of(
            "s3",
            "spbench-1a2b-00003",
            JSON.readTree(
                """
                {"status": "succeeded", "attempt": 1,
                 "startedAt": "2026-11-22T09:00:00Z", "finishedAt": "2026-11-22T09:00:00.1Z",
                 "steps": [{"step": "create-database", "attempt": 1, "status": "succeeded",
                            "message": "Claimed database sp_pool_x and its login from the warm pool"},
                           {"step": "seed", "attempt": 1, "status": "succeeded",
                            "message": "Inserted 20 seed row(s), over a connection opened before the claim"}]}
                """));

    assertThat(store.claimed()).isTrue();
    assertThat(store.primed()).isTrue();
  }
}
