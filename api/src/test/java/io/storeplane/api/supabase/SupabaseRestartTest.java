package io.storeplane.api.supabase;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.SettableClock;
import io.storeplane.api.SimulatedCrash;
import io.storeplane.api.TestCallers;
import io.storeplane.clientschema.ClientSchema;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.master.job.StepStatus;
import io.storeplane.provisioning.job.ClaimedJob;
import io.storeplane.provisioning.job.JobRecords;
import io.storeplane.provisioning.job.JobRunner;
import io.storeplane.provisioning.job.RetryPolicy;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.ProjectScript;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A control-plane restart while a project is coming up: workers are off, the test drives them. The
 * first run creates the project and goes back to the queue; a second worker dies in the middle of
 * its run; a third takes the job over after the lease and polls until the project is healthy. One
 * project is created, and the job ends succeeded.
 */
@QuarkusTest
@TestProfile(SupabaseRestartTest.WorkersOff.class)
class SupabaseRestartTest {

  /** The double, without background workers. */
  public static class WorkersOff extends SupabaseDoubleProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("storeplane.provisioning.worker.enabled", "false");
    }
  }

  private static final Duration LEASE = Duration.ofSeconds(30);

  @Inject JobRecords records;
  @Inject DatabaseProviders providers;

  @Test
  void aRestartWhileTheProjectComesUpStillEndsSucceededWithOneProject() throws Exception {
    var supabase = SupabaseDoubleProfile.supabase;
    supabase.nextProjects(ProjectScript.healthyAfter(4));
    Set<String> before = refs();
    JsonPath store =
        TestCallers.newStore("Restarted", "supa-r", Map.of("type", "supabase", "create", true));
    UUID jobId = UUID.fromString(store.getString("provisioningJobId"));
    SettableClock clock = new SettableClock();

    runner(clock, null).run(claim("first", clock, jobId), "first");
    JsonPath waiting = status(jobId);
    assertThat(waiting.getString("status")).isEqualTo("queued");
    assertThat(waiting.getString("message"))
        .matches("Waiting for Supabase project [a-z]{20}: COMING_UP");
    Set<String> created = new HashSet<>(refs());
    created.removeAll(before);
    assertThat(created).hasSize(1);
    String ref = created.iterator().next();

    clock.advance(Duration.ofSeconds(1));
    ClaimedJob doomed = claim("doomed", clock, jobId);
    assertThatThrownBy(() -> runner(clock, Step.TEST_CONNECTION).run(doomed, "doomed"))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(status(jobId).getString("status")).isEqualTo("running");

    clock.advance(LEASE.plusSeconds(1));
    List<String> messages = new ArrayList<>();
    for (int run = 0; run < 10 && !status(jobId).getString("status").equals("succeeded"); run++) {
      runner(clock, null).run(claim("rescuer-" + run, clock, jobId), "rescuer-" + run);
      messages.add(status(jobId).getString("message"));
      clock.advance(Duration.ofSeconds(1));
    }
    JsonPath done = status(jobId);
    assertThat(done.getString("status")).as(done.prettify() + messages).isEqualTo("succeeded");
    assertThat(refs()).containsAll(before).hasSize(before.size() + 1).contains(ref);
    DoubleProject project = supabase.project(ref).orElseThrow();
    try (Connection c = project.database().connect();
        ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      Set<String> tables = new HashSet<>();
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
      assertThat(tables).containsAll(ClientSchema.manifest().tableNames());
    }
    assertThat(
            asAdmin()
                .get("/api/v1/stores/" + store.getString("id"))
                .jsonPath()
                .getString("database.name"))
        .isEqualTo(ref);
  }

  private ClaimedJob claim(String worker, Clock clock, UUID jobId) {
    return records.claim(worker, clock.instant(), LEASE, Optional.of(jobId)).orElseThrow();
  }

  private static Set<String> refs() {
    Set<String> refs = new HashSet<>();
    SupabaseDoubleProfile.supabase.projects().forEach(p -> refs.add(p.ref()));
    return refs;
  }

  private static JsonPath status(UUID jobId) {
    return asAdmin()
        .get("/api/v1/provision/" + jobId + "/status")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private JobRunner runner(Clock clock, Step crashAfter) {
    return new JobRunner(
        records,
        providers,
        RetryPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10), 3),
        clock,
        name -> new SeedValues(name, "EUR", "en-US", "UTC"),
        (job, step, status) -> {
          if (step == crashAfter && status == StepStatus.SUCCEEDED) {
            throw new SimulatedCrash();
          }
        });
  }
}
