package io.storeplane.api.supabase;

import static io.storeplane.api.JobPolling.status;
import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.TestWorkers.LEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.SimulatedCrash;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestWorkers;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobStore;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.provider.ConnectionRecords;
import io.storeplane.provisioning.provider.ConnectionRecords.SupabaseConnection;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.supabase.RetryingCaller;
import io.storeplane.provisioning.supabase.Sleeper;
import io.storeplane.provisioning.supabase.SupabaseConfig;
import io.storeplane.provisioning.supabase.management.SupabaseManagement;
import io.storeplane.provisioning.supabase.management.SupabaseManagementApi;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.ProjectScript;
import io.storeplane.testing.time.SettableClock;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A control-plane restart while a project is coming up: workers are off, the test drives them. The
 * first run creates the project and goes back to the queue; a second worker dies in the middle of
 * its run; a third takes the job over after the lease and polls until the project is healthy. One
 * project is created, and the job ends succeeded.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class SupabaseRestartTest {

  @Inject JobStore records;
  @Inject DatabaseProviders providers;
  @Inject ConnectionRecords connections;
  @Inject SupabaseConfig config;

  @Test
  void aRestartWhileTheProjectComesUpStillEndsSucceededWithOneProject() throws Exception {
    var supabase = SupabaseDoubleProfile.supabase;
    supabase.nextProjects(ProjectScript.healthyAfter(4));
    Set<String> before = refs();
    JsonPath store =
        TestCallers.newStore("Restarted", "supa-r", Map.of("type", "supabase", "create", true));
    UUID jobId = UUID.fromString(store.getString("provisioningJobId"));
    SettableClock clock = new SettableClock(Instant.now());

    runner(clock, null).run(claim("first", clock, jobId), "first");
    JsonPath waiting = status(jobId);
    assertThat(waiting.getString("status")).isEqualTo("queued");
    assertThat(waiting.getString("message"))
        .matches("Waiting for Supabase project [a-z]{20}: COMING_UP");
    Set<String> created = new HashSet<>(refs());
    created.removeAll(before);
    assertThat(created).hasSize(1);
    String ref = created.iterator().next();

    pastTheProvidersPoll(clock);
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

  @Test
  void aWorkerThatDiesRightAfterCreateProjectLeavesOneProjectThatTheRetryAdopts() throws Exception {
    var supabase = SupabaseDoubleProfile.supabase;
    supabase.nextProjects(ProjectScript.healthyAfter(1));
    Set<String> before = refs();
    long createsBefore = creates();
    JsonPath store =
        TestCallers.newStore("Crashed", "supa-c", Map.of("type", "supabase", "create", true));
    UUID storeId = UUID.fromString(store.getString("id"));
    UUID jobId = UUID.fromString(store.getString("provisioningJobId"));
    SettableClock clock = new SettableClock(Instant.now());
    CrashAfterFirst crash = new CrashAfterFirst(clients(), "createProject");
    QuarkusMock.installMockForType(crash, SupabaseClients.class);

    ClaimedJob doomed = claim("doomed", clock, jobId);
    assertThatThrownBy(() -> runner(clock, null).run(doomed, "doomed"))
        .isInstanceOf(SimulatedCrash.class);
    Set<String> created = new HashSet<>(refs());
    created.removeAll(before);
    assertThat(created).hasSize(1);
    String ref = created.iterator().next();
    SupabaseConnection afterCrash = connections.readSupabase(storeId).orElseThrow();
    assertThat(afterCrash.text("projectRef")).isEmpty();
    assertThat(afterCrash.text("pendingProject"))
        .hasValue(store.getString("slug") + "-" + storeId.toString().substring(0, 8));
    assertThat(status(jobId).getString("status")).isEqualTo("running");

    clock.advance(LEASE.plusSeconds(1));
    for (int run = 0; run < 10 && !status(jobId).getString("status").equals("succeeded"); run++) {
      runner(clock, null).run(claim("rescuer-" + run, clock, jobId), "rescuer-" + run);
      clock.advance(Duration.ofSeconds(1));
    }

    JsonPath done = status(jobId);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(crash.creates).hasValue(1);
    assertThat(creates()).isEqualTo(createsBefore + 1);
    assertThat(refs()).containsAll(before).hasSize(before.size() + 1).contains(ref);
    JsonPath after = asAdmin().get("/api/v1/stores/" + storeId).jsonPath();
    assertThat(after.getString("databaseStatus")).isEqualTo("active");
    assertThat(after.getString("database.name")).isEqualTo(ref);
    SupabaseConnection saved = connections.readSupabase(storeId).orElseThrow();
    assertThat(saved.text("projectRef")).hasValue(ref);
    assertThat(saved.text("pendingProject")).isEmpty();
    assertThat(saved.secret("dbPassword").orElseThrow().reveal())
        .isEqualTo(supabase.project(ref).orElseThrow().dbPass());
  }

  @Test
  void aProjectWhoseRefWasSavedJustBeforeTheWorkerDiedIsDeletedWhenTheJobFails() throws Exception {
    var supabase = SupabaseDoubleProfile.supabase;
    supabase.nextProjects(ProjectScript.endingIn(1, "INIT_FAILED"));
    Set<String> before = refs();
    JsonPath store =
        TestCallers.newStore("Doomed", "supa-d", Map.of("type", "supabase", "create", true));
    UUID storeId = UUID.fromString(store.getString("id"));
    UUID jobId = UUID.fromString(store.getString("provisioningJobId"));
    SettableClock clock = new SettableClock(Instant.now());
    // The ref is saved; the worker dies polling the project, before the job records the step.
    QuarkusMock.installMockForType(
        new CrashAfterFirst(clients(), "getProject"), SupabaseClients.class);

    ClaimedJob doomed = claim("doomed", clock, jobId);
    assertThatThrownBy(() -> runner(clock, null).run(doomed, "doomed"))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(connections.readSupabase(storeId).orElseThrow().text("projectRef")).isPresent();
    assertThat(refs()).hasSize(before.size() + 1);

    clock.advance(LEASE.plusSeconds(1));
    for (int run = 0;
        run < 10 && Set.of("running", "queued").contains(status(jobId).getString("status"));
        run++) {
      runner(clock, null).run(claim("rescuer-" + run, clock, jobId), "rescuer-" + run);
      pastTheProvidersPoll(clock);
    }

    JsonPath done = status(jobId);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("failed");
    assertThat(refs()).as("the project the dead worker created is gone").isEqualTo(before);
  }

  /** Real clients of their own, built from the same configuration as the application's. */
  private SupabaseClients clients() {
    return SupabaseClients.create(SupabaseClients.Settings.of(config), Sleeper.system());
  }

  private static long creates() {
    return SupabaseDoubleProfile.supabase.requestLog().stream()
        .filter("POST /v1/projects"::equals)
        .count();
  }

  /**
   * The application's Supabase clients, except that the first call of one Management API method
   * dies right after Supabase answered it: a worker crashing at the worst moment.
   */
  static final class CrashAfterFirst extends SupabaseClients {

    final AtomicInteger creates = new AtomicInteger();
    private final SupabaseClients real;
    private final SupabaseManagementApi api;

    CrashAfterFirst(SupabaseClients real, String method) {
      this.real = real;
      SupabaseManagementApi direct =
          QuarkusRestClientBuilder.newBuilder()
              .baseUri(real.settings().managementUrl())
              .property("microprofile.rest.client.disable.default.mapper", true)
              .build(SupabaseManagementApi.class);
      this.api =
          (SupabaseManagementApi)
              Proxy.newProxyInstance(
                  SupabaseManagementApi.class.getClassLoader(),
                  new Class<?>[] {SupabaseManagementApi.class},
                  (proxy, called, args) -> {
                    Object answer;
                    try {
                      answer = called.invoke(direct, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                    if (called.getName().equals(method) && creates.incrementAndGet() == 1) {
                      throw new SimulatedCrash();
                    }
                    return answer;
                  });
    }

    @Override
    public Settings settings() {
      return real.settings();
    }

    @Override
    public SupabaseManagement management(SecretString accessToken) {
      return new SupabaseManagement(
          api, accessToken, new RetryingCaller(real.settings().retry(), Sleeper.system()));
    }

    @Override
    public PostgrestClient dataApi(URI projectUrl, SecretString key) {
      return real.dataApi(projectUrl, key);
    }
  }

  /**
   * The provider schedules its next poll on the application's clock (real time); moves the test's
   * clock past it whatever the first run took.
   */
  private static void pastTheProvidersPoll(SettableClock clock) {
    clock.advance(Duration.between(clock.instant(), Instant.now()).plusSeconds(1));
  }

  private ClaimedJob claim(String worker, Clock clock, UUID jobId) {
    return TestWorkers.claim(records, worker, clock, jobId);
  }

  private static Set<String> refs() {
    Set<String> refs = new HashSet<>();
    SupabaseDoubleProfile.supabase.projects().forEach(p -> refs.add(p.ref()));
    return refs;
  }

  private TestWorkers.Runner runner(Clock clock, Step crashAfter) {
    return TestWorkers.runner(records, providers, clock, crashAfter);
  }
}
